using Kumo.Objects.Instances;

namespace Kumo.Compute.Tests.Objects;

/// <summary>The state names the API, notifications and store use are Nova's, byte for byte.</summary>
public sealed class StateNamesTests
{
    [Theory]
    [InlineData(TaskState.BlockDeviceMapping, "block_device_mapping")]
    [InlineData(TaskState.Spawning, "spawning")]
    [InlineData(TaskState.RebootingHard, "rebooting_hard")]
    [InlineData(TaskState.PoweringOff, "powering_off")]
    public void Task_states_use_nova_names_and_parse_back(TaskState state, string name)
    {
        Assert.Equal(name, state.ToNovaName());
        Assert.Equal(state, StateNames.ParseTaskState(name));
    }

    [Fact]
    public void Every_vm_state_round_trips_and_none_is_null()
    {
        foreach (var state in Enum.GetValues<VmState>())
        {
            Assert.Equal(state, StateNames.ParseVmState(state.ToNovaName()));
        }
        Assert.Equal("shelved_offloaded", VmState.ShelvedOffloaded.ToNovaName());
        Assert.Null(((TaskState?)null).ToNovaName());
        Assert.Null(StateNames.ParseTaskState(null));
    }

    [Theory]
    [InlineData(VmState.Building, null, "BUILD")]
    [InlineData(VmState.Active, null, "ACTIVE")]
    [InlineData(VmState.Active, TaskState.RebootingHard, "HARD_REBOOT")]
    [InlineData(VmState.Stopped, null, "SHUTOFF")]
    [InlineData(VmState.Error, null, "ERROR")]
    public void The_api_status_follows_nova_mapping(VmState vm, TaskState? task, string status) =>
        Assert.Equal(status, ServerStatus.From(vm, task));
}
