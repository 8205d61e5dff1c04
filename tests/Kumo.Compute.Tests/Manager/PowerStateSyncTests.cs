using Kumo.Compute.Tests.Support;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Instances;

namespace Kumo.Compute.Tests.Manager;

/// <summary>The record follows the hypervisor when a guest changes outside Kumo.</summary>
public sealed class PowerStateSyncTests
{
    [Fact]
    public async Task A_guest_that_stops_on_its_own_makes_the_server_shutoff()
    {
        await using var fake = await FakeCloud.StartAsync();
        var instance = await fake.BootAsync();

        fake.Driver.SimulateGuestStopped(instance.Uuid);

        var synced = await WaitAsync(fake, instance.Uuid, i => i.VmState == VmState.Stopped);
        Assert.Equal(PowerState.Shutdown, synced.PowerState);
        Assert.Equal("SHUTOFF", ServerStatus.From(synced.VmState, synced.TaskState));
        Assert.Null(await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));
    }

    [Fact]
    public async Task A_guest_that_vanished_without_an_event_is_found_by_the_periodic_sync_and_says_so()
    {
        await using var fake = await FakeCloud.StartAsync();
        var instance = await fake.BootAsync();
        var other = await fake.BootAsync("other");

        fake.Driver.SimulateGuestVanished(instance.Uuid);
        await fake.Cloud.ComputeManager.SyncPowerStatesAsync();

        var synced = await fake.Cloud.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal((VmState.Error, PowerState.NoState), (synced.VmState, synced.PowerState));
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Contains("gone from the hypervisor", fault!.Message);
        Assert.Equal(VmState.Active, (await fake.Cloud.Stores.Instances.GetAsync(other.Uuid)).VmState);

        await fake.DeleteAndWaitAsync(instance.Uuid);
    }

    private static Task<Instance> WaitAsync(FakeCloud fake, Guid uuid, Func<Instance, bool> condition) =>
        InstanceWaiter.WaitForAsync(fake.Cloud.Stores.Instances, uuid, condition, "sync", TimeSpan.FromSeconds(10), pollInterval: TimeSpan.FromMilliseconds(10));

    [Fact]
    public async Task The_periodic_power_sync_runs_on_its_interval_without_being_called()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fake = await FakeCloud.StartAsync(time: time);
        var instance = await fake.BootAsync();
        fake.Driver.SimulateGuestVanished(instance.Uuid);

        // Only the clock moves: the compute host's own timer must find the vanished guest.
        var interval = fake.Cloud.Options.Compute.SyncPowerStateInterval;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await fake.Cloud.Stores.Instances.GetAsync(instance.Uuid)).VmState != VmState.Error)
        {
            Assert.True(DateTime.UtcNow < deadline, "the periodic sync never ran");
            time.Advance(interval);
            await Task.Delay(20);
        }
        Assert.Contains("gone from the hypervisor", (await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid))!.Message);
    }
}
