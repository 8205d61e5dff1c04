using Kumo.Compute.Tests.Support;
using Kumo.Db;
using Kumo.Objects.Instances;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Manager;

/// <summary>
/// init_host's settling of a stop, start or reboot that a restart of the compute service cut short
/// (SettleInterruptedActionAsync): the record takes the state the hypervisor shows, the task is
/// cleared and a fault says the action did not finish. Nova's _init_instance sends the action again
/// on its own (a reboot the guest already finished is rebooted twice; a client waiting for the first
/// sees a second it never asked for) and records no fault.
/// </summary>
public sealed class InterruptedActionTests
{
    [Theory]
    [InlineData(TaskState.PoweringOff, true, VmState.Active, "running")]
    [InlineData(TaskState.PoweringOff, false, VmState.Stopped, "not running")]
    [InlineData(TaskState.PoweringOn, true, VmState.Active, "running")]
    [InlineData(TaskState.PoweringOn, false, VmState.Stopped, "not running")]
    [InlineData(TaskState.Rebooting, true, VmState.Active, "running")]
    [InlineData(TaskState.Rebooting, false, VmState.Stopped, "not running")]
    [InlineData(TaskState.RebootingHard, true, VmState.Active, "running")]
    [InlineData(TaskState.RebootingHard, false, VmState.Stopped, "not running")]
    public async Task An_action_cut_short_by_a_restart_ends_in_the_state_the_guest_is_in_with_a_fault_and_no_task(
        TaskState interrupted, bool guestRunning, VmState expected, string guestWords)
    {
        var driver = new FakeDriver();
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-test-" + Guid.NewGuid().ToString("N")[..12]);
        await using var first = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir);
        var uuid = (await first.BootAsync("interrupted")).Uuid;
        var other = (await first.BootAsync("untouched")).Uuid;
        if (!guestRunning)
        {
            driver.SimulateGuestStopped(uuid);
        }
        await first.StopAsync();
        await using (var stores = await KumoStores.OpenSqliteAsync(first.Cloud.Options.DatabasePath))
        {
            // The crash: the API set the task and cast the action; the process died before it finished.
            var instance = await stores.Instances.GetAsync(uuid);
            instance.TaskState = interrupted;
            await stores.Instances.SaveAsync(instance);
        }

        await using var second = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir, configure: o => o.Database = first.Cloud.Options.DatabasePath);

        var settled = await second.Cloud.Stores.Instances.GetAsync(uuid);
        Assert.Equal((expected, (TaskState?)null), (settled.VmState, settled.TaskState));
        Assert.Equal(guestRunning ? PowerState.Running : PowerState.Shutdown, settled.PowerState);
        var fault = await second.Cloud.Stores.InstanceFaults.GetLatestAsync(uuid);
        Assert.Equal($"The compute service on compute-1 restarted during the action (task state {interrupted.ToNovaName()}); it did not finish."
            + $" The guest is {guestWords}; send the action again if it is still wanted.", fault!.Message);
        Assert.Equal(500, fault.Code);
        // Settled, not redone: the guest is as the crash left it, and the neighbour is untouched.
        Assert.Equal(guestRunning ? PowerState.Running : PowerState.Shutdown, (await driver.GetInfoAsync(settled)).State);
        var neighbour = await second.Cloud.Stores.Instances.GetAsync(other);
        Assert.Equal((VmState.Active, (TaskState?)null), (neighbour.VmState, neighbour.TaskState));
        Assert.Null(await second.Cloud.Stores.InstanceFaults.GetLatestAsync(other));
    }
}
