using System.Diagnostics;
using Kumo.Compute.Tests.Support;
using Kumo.Network.Fake;
using Kumo.Objects.Events;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Network;

/// <summary>
/// The build's wait for network-vif-plugged on the fake driver (the same VifPlugEvents path as
/// libvirt), with the events sent as the network service sends them: through the in-process nova
/// notifier, os-server-external-events' path (ComputeApi → cast to compute.&lt;host&gt; → waiters).
/// </summary>
public sealed class VifPluggingTests
{
    private static async Task<(FakeCloud Fake, Guid NetworkId)> StartAsync(FakeDriverBehaviour behaviour, TimeSpan? timeout = null, bool fatal = true,
        bool wait = true)
    {
        var network = new FakeNetworkApi();
        var networkId = network.AddNetwork("private");
        behaviour.WaitForVifPluggedEvents = wait;
        var fake = await FakeCloud.StartAsync(behaviour, o =>
        {
            o.Compute.VifPluggingTimeout = timeout ?? TimeSpan.FromSeconds(300);
            o.Compute.VifPluggingIsFatal = fatal;
        }, network: network);
        return (fake, networkId);
    }

    /// <summary>The agent's part: every port of the server reported with <paramref name="status"/>, from inside the plug.</summary>
    private static Func<Instance, NetworkInfo, Task> Report(Func<FakeCloud> fake, string status = ExternalInstanceEvent.Completed) =>
        (instance, info) => fake().Cloud.NovaNotifier.SendEventsAsync(
            [.. info.Vifs.Select(v => new ExternalInstanceEvent(instance.Uuid, ExternalInstanceEvent.NetworkVifPlugged, v.PortId.ToString(), status))]);

    [Fact]
    public async Task Plugged_events_sent_during_the_plug_complete_the_wait_and_the_server_goes_active()
    {
        FakeCloud? cloud = null;
        var behaviour = new FakeDriverBehaviour();
        behaviour.VifsPlugged = Report(() => cloud!);
        var (fake, networkId) = await StartAsync(behaviour);
        await using var _ = cloud = fake;

        var instance = await fake.BootAsync("web-1", networks: [new RequestedNetwork(networkId), new RequestedNetwork(networkId)]);

        Assert.Equal(VmState.Active, instance.VmState);
        var ports = fake.Network!.PortsOf(instance.Uuid);
        Assert.Equal(2, ports.Count);
        var received = await fake.Cloud.Stores.InstanceExternalEvents.ListAsync(instance.Uuid);
        Assert.Equal(ports.Select(p => p.ToString()).Order(), received.Select(e => e.Tag!).Order());
        Assert.All(received, e => Assert.True(e.Expected));
        Assert.Equal(0, fake.Cloud.ComputeManager.InstanceEvents.Count);
        var cached = await fake.Cloud.Stores.InstanceInfoCaches.GetAsync(instance.Uuid);
        Assert.Equal(ports.Order(), cached!.Vifs.Select(v => v.PortId).Order());
    }

    [Fact]
    public async Task Events_that_never_come_fail_the_build_with_a_fault_naming_the_port_and_give_everything_back()
    {
        var (fake, networkId) = await StartAsync(new FakeDriverBehaviour(), TimeSpan.FromMilliseconds(300));
        await using var _ = fake;
        var before = fake.Cloud.ComputeManager.Tracker.GetUsage();
        Guid port = default;
        fake.Driver.Behaviour.VifsPlugged = (instance, info) =>
        {
            port = info.Vifs.Single().PortId;
            return Task.CompletedTask;
        };

        var instance = await fake.BootAsync("lost-event", networks: [new RequestedNetwork(networkId)]);

        Assert.Equal(VmState.Error, instance.VmState);
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Contains(port.ToString(), fault!.Message);
        Assert.Contains("0.3 s", fault.Message);
        Assert.Contains("vif_plugging_timeout", fault.Message);
        Assert.Contains(instance.Uuid, fake.Network!.Deallocated);
        Assert.Empty(fake.Network.PortsOf(instance.Uuid));
        Assert.Null(await fake.Cloud.Stores.InstanceInfoCaches.GetAsync(instance.Uuid));
        Assert.Equal(0, fake.Driver.GuestCount);
        Assert.Empty(await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid));
        Assert.Equal(before.MemoryMbUsed, fake.Cloud.ComputeManager.Tracker.GetUsage().MemoryMbUsed);
        Assert.Equal(0, fake.Cloud.ComputeManager.InstanceEvents.Count);
    }

    [Fact]
    public async Task Events_that_never_come_are_only_a_warning_when_not_fatal()
    {
        var (fake, networkId) = await StartAsync(new FakeDriverBehaviour(), TimeSpan.FromMilliseconds(200), fatal: false);
        await using var _ = fake;

        var instance = await fake.BootAsync("not-fatal", networks: [new RequestedNetwork(networkId)]);

        Assert.Equal(VmState.Active, instance.VmState);
        Assert.Single(fake.Network!.PortsOf(instance.Uuid));
        Assert.Null(await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));
    }

    [Fact]
    public async Task A_failed_event_fails_the_build_at_once_naming_the_port()
    {
        FakeCloud? cloud = null;
        var behaviour = new FakeDriverBehaviour();
        behaviour.VifsPlugged = Report(() => cloud!, ExternalInstanceEvent.Failed);
        var (fake, networkId) = await StartAsync(behaviour);
        await using var _ = cloud = fake;
        var clock = Stopwatch.StartNew();

        var instance = await fake.BootAsync("failed-port", networks: [new RequestedNetwork(networkId)]);

        Assert.Equal(VmState.Error, instance.VmState);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}, not at once");
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Contains("status failed", fault!.Message);
        var port = Assert.Single(await fake.Cloud.Stores.InstanceExternalEvents.ListAsync(instance.Uuid)).Tag!;
        Assert.Contains(port, fault.Message);
        Assert.Empty(fake.Network!.PortsOf(instance.Uuid));
    }

    [Fact]
    public async Task Ports_already_active_are_not_waited_for()
    {
        var (fake, networkId) = await StartAsync(new FakeDriverBehaviour(), TimeSpan.FromMilliseconds(100));
        await using var _ = fake;
        fake.Network!.PortsActive = true;

        var instance = await fake.BootAsync("active-port", networks: [new RequestedNetwork(networkId)]);

        Assert.Equal(VmState.Active, instance.VmState);
        Assert.Empty(await fake.Cloud.Stores.InstanceExternalEvents.ListAsync(instance.Uuid));
    }

    [Fact]
    public async Task An_event_nobody_waits_for_is_recorded_and_changes_nothing()
    {
        var (fake, networkId) = await StartAsync(new FakeDriverBehaviour(), wait: false);
        await using var _ = fake;
        var instance = await fake.BootAsync("settled", networks: [new RequestedNetwork(networkId)]);
        var stray = Guid.NewGuid().ToString();

        await fake.Cloud.NovaNotifier.SendEventsAsync([new ExternalInstanceEvent(instance.Uuid, ExternalInstanceEvent.NetworkVifPlugged, stray)]);

        var received = await WaitForEventsAsync(fake, instance.Uuid, 1);
        Assert.False(Assert.Single(received).Expected);
        Assert.Equal(stray, received[0].Tag);
        var after = await fake.Cloud.Stores.Instances.GetAsync(instance.Uuid);
        Assert.Equal(VmState.Active, after.VmState);
        Assert.Null(after.TaskState);
        Assert.Null(await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));
        Assert.Equal(0, fake.Cloud.ComputeManager.InstanceEvents.Count);
    }

    [Fact]
    public async Task A_delete_does_not_wait_for_a_build_waiting_on_its_ports()
    {
        var plugged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var behaviour = new FakeDriverBehaviour();
        behaviour.VifsPlugged = (_, _) =>
        {
            plugged.TrySetResult();
            return Task.CompletedTask;
        };
        var (fake, networkId) = await StartAsync(behaviour);
        await using var _ = fake;
        var created = await fake.CreateAsync("deleted-while-waiting", networks: [new RequestedNetwork(networkId)]);
        await plugged.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        await fake.DeleteAndWaitAsync(created.Uuid);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the delete took {clock.Elapsed}");
        Assert.Empty(fake.Network!.PortsOf(created.Uuid));
        Assert.Equal(0, fake.Driver.GuestCount);
        Assert.Null(await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(created.Uuid));
    }

    [Fact]
    public async Task Unplugged_events_for_a_deleted_server_are_accepted_and_ignored()
    {
        var (fake, networkId) = await StartAsync(new FakeDriverBehaviour(), wait: false);
        await using var _ = fake;
        var instance = await fake.BootAsync("gone", networks: [new RequestedNetwork(networkId)]);
        var port = fake.Network!.PortsOf(instance.Uuid).Single();
        await fake.DeleteAndWaitAsync(instance.Uuid);

        var unplugged = new ExternalInstanceEvent(instance.Uuid, ExternalInstanceEvent.NetworkVifUnplugged, port.ToString());
        var outcome = Assert.Single(await fake.Cloud.Api.ExternalInstanceEventAsync(fake.NewRequest() with { IsAdmin = true }, [unplugged]));
        await fake.Cloud.NovaNotifier.SendEventsAsync([unplugged]);

        Assert.Equal(404, outcome.Code);
        Assert.Empty(await fake.Cloud.Stores.InstanceExternalEvents.ListAsync(instance.Uuid));
    }

    [Fact]
    public async Task Network_changed_refreshes_the_info_cache()
    {
        var (fake, networkId) = await StartAsync(new FakeDriverBehaviour(), wait: false);
        await using var _ = fake;
        var instance = await fake.BootAsync("changed", networks: [new RequestedNetwork(networkId)]);
        var port = fake.Network!.PortsOf(instance.Uuid).Single();
        Assert.False((await fake.Cloud.Stores.InstanceInfoCaches.GetAsync(instance.Uuid))!.Vifs.Single().Active);
        fake.Network.MarkActive(port);

        await fake.Cloud.NovaNotifier.SendEventsAsync([new ExternalInstanceEvent(instance.Uuid, ExternalInstanceEvent.NetworkChanged, port.ToString())]);

        Assert.True(Assert.Single(await WaitForEventsAsync(fake, instance.Uuid, 1)).Expected);
        Assert.True((await fake.Cloud.Stores.InstanceInfoCaches.GetAsync(instance.Uuid))!.Vifs.Single().Active);
    }

    private static async Task<IReadOnlyList<ReceivedInstanceEvent>> WaitForEventsAsync(FakeCloud fake, Guid uuid, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var received = await fake.Cloud.Stores.InstanceExternalEvents.ListAsync(uuid);
            if (received.Count >= count || DateTime.UtcNow > deadline)
            {
                return received;
            }
            await Task.Delay(10);
        }
    }
}
