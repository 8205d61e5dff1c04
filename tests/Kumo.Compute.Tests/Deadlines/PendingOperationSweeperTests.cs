using Kumo.Compute.Deadlines;
using Kumo.Conductor;
using Kumo.Db;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Objects.Services;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kumo.Compute.Tests.Deadlines;

/// <summary>
/// A compute host that stops answering (its heartbeat stops: os-services shows it down) leaves no
/// server pending forever: past the operation's deadline the conductor's sweep ends it with a fault
/// naming the host and the step. Nova leaves them in BUILD or deleting for as long as the host is down.
/// </summary>
public sealed class PendingOperationSweeperTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly OperationDeadlines _deadlines = new() { Build = TimeSpan.FromMinutes(30), Stop = TimeSpan.FromMinutes(5) };
    private readonly ServiceGroupOptions _serviceGroup = new() { ReportInterval = TimeSpan.FromSeconds(10), ServiceDownTime = TimeSpan.FromSeconds(60) };
    private KumoStores _stores = null!;

    public async Task InitializeAsync() => _stores = await KumoStores.OpenInMemoryAsync(_time);

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    private PendingOperationSweeper Sweeper() => new(_stores.Instances, _stores.Services, _stores.InstanceFaults, _stores.Placement,
        _deadlines, _serviceGroup, _time, NullLogger<PendingOperationSweeper>.Instance);

    private async Task<Instance> InstanceAsync(string host, VmState vmState, TaskState taskState)
    {
        var instance = new Instance
        {
            Uuid = Guid.NewGuid(), DisplayName = "i", Hostname = "i", ProjectId = "p", UserId = "u", ImageRef = Guid.NewGuid(), Host = host,
            VmState = vmState, TaskState = taskState, Flavor = new Flavor { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512, RootGb = 1 },
        };
        await _stores.Instances.CreateAsync(instance);
        return instance;
    }

    [Fact]
    public async Task A_build_on_a_host_gone_silent_ends_in_error_past_its_deadline_with_a_fault_naming_host_and_step()
    {
        await _stores.Services.ReportAsync("dead-host", ServiceBinaries.Compute, "compute.dead-host", "nova");
        var stuck = await InstanceAsync("dead-host", VmState.Building, TaskState.Spawning);

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await Sweeper().SweepAsync());
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await Sweeper().SweepAsync());

        var stored = await _stores.Instances.GetAsync(stuck.Uuid);
        Assert.Equal((VmState.Error, (TaskState?)null), (stored.VmState, stored.TaskState));
        var fault = await _stores.InstanceFaults.GetLatestAsync(stuck.Uuid);
        Assert.Equal("The build did not finish within its deadline of 1800 s (Compute:Deadlines:Build); it ran out of time in task state spawning. "
            + "The nova-compute service on dead-host is down: last heartbeat 1860 s ago (service_down_time 60 s).", fault!.Message);
        Assert.Equal(0, await Sweeper().SweepAsync());
    }

    [Fact]
    public async Task A_stop_on_a_down_host_goes_back_to_no_task_keeping_its_vm_state()
    {
        await _stores.Services.ReportAsync("dead-host", ServiceBinaries.Compute, "compute.dead-host", "nova");
        var stuck = await InstanceAsync("dead-host", VmState.Active, TaskState.PoweringOff);

        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await Sweeper().SweepAsync());

        var stored = await _stores.Instances.GetAsync(stuck.Uuid);
        Assert.Equal((VmState.Active, (TaskState?)null), (stored.VmState, stored.TaskState));
        Assert.Contains($"(Compute:Deadlines:Stop); it ran out of time in task state {TaskState.PoweringOff.ToNovaName()}.", (await _stores.InstanceFaults.GetLatestAsync(stuck.Uuid))!.Message);
    }

    [Fact]
    public async Task Servers_on_an_up_host_or_not_yet_past_their_deadline_are_left_alone()
    {
        var onLiveHost = await InstanceAsync("live-host", VmState.Building, TaskState.Spawning);
        _time.Advance(TimeSpan.FromMinutes(40));
        await _stores.Services.ReportAsync("live-host", ServiceBinaries.Compute, "compute.live-host", "nova");
        await _stores.Services.ReportAsync("dead-host", ServiceBinaries.Compute, "compute.dead-host", "nova");
        _time.Advance(TimeSpan.FromMinutes(2));
        await _stores.Services.ReportAsync("live-host", ServiceBinaries.Compute, "compute.live-host", "nova");
        var recent = await InstanceAsync("dead-host", VmState.Building, TaskState.Spawning);

        Assert.Equal(0, await Sweeper().SweepAsync());

        Assert.Equal(TaskState.Spawning, (await _stores.Instances.GetAsync(onLiveHost.Uuid)).TaskState);
        Assert.Equal(TaskState.Spawning, (await _stores.Instances.GetAsync(recent.Uuid)).TaskState);
        Assert.Null(await _stores.InstanceFaults.GetLatestAsync(onLiveHost.Uuid));
    }
}
