using System.Collections.Concurrent;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Virt.Fake;

/// <summary>
/// A hypervisor kept in memory, as Nova's fake driver: for fast tests and control-plane scale runs,
/// never instead of the real end-to-end test. Failure variants are set per driver with
/// <see cref="FakeDriverBehaviour"/>.
/// </summary>
public sealed class FakeDriver(FakeDriverBehaviour? behaviour = null) : IVirtDriver
{
    private readonly ConcurrentDictionary<Guid, FakeGuest> _guests = new();
    private readonly ConcurrentDictionary<Guid, SpawnRequest> _spawnRequests = new();
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<Guid>> _plugged = new();

    public FakeDriverBehaviour Behaviour { get; } = behaviour ?? new FakeDriverBehaviour();

    public string Name => "fake";

    public DriverCapabilities Capabilities { get; } = new(SupportsDirectKernelBoot: true, SupportsRecreate: false, HasImageCache: false);

    public int SpawnCount => _spawnCount;

    /// <summary>The most spawns that ran at once (to check max_concurrent_builds).</summary>
    public int PeakConcurrentSpawns => _peakSpawns;

    public int GuestCount => _guests.Count;

    private int _spawnCount;
    private int _runningSpawns;
    private int _peakSpawns;

    private Action<InstanceLifecycleEvent>? _listener;

    public Task InitHostAsync(string host, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public void RegisterEventListener(Action<InstanceLifecycleEvent> listener) => _listener = listener;

    /// <summary>The guest stops on its own (shut down from inside, killed by the host), and the hypervisor says so.</summary>
    public void SimulateGuestStopped(Guid uuid)
    {
        if (_guests.TryGetValue(uuid, out var guest))
        {
            _guests[uuid] = guest with { State = PowerState.Shutdown };
            _listener?.Invoke(new InstanceLifecycleEvent(uuid, LifecycleTransition.Stopped));
        }
    }

    /// <summary>The guest vanishes from the hypervisor without an event (undefined behind Kumo's back).</summary>
    public void SimulateGuestVanished(Guid uuid) => _guests.TryRemove(uuid, out _);

    public HostResources GetAvailableResources() => Behaviour.Resources;

    /// <summary>The last spawn request per instance: what reached the driver (admin password, injected files).</summary>
    public SpawnRequest? SpawnRequestOf(Guid uuid) => _spawnRequests.GetValueOrDefault(uuid);

    public async Task SpawnAsync(SpawnRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _spawnCount);
        _spawnRequests[request.Instance.Uuid] = request;
        var running = Interlocked.Increment(ref _runningSpawns);
        try
        {
            for (var peak = _peakSpawns; running > peak; peak = _peakSpawns)
            {
                Interlocked.CompareExchange(ref _peakSpawns, running, peak);
            }
            if (Behaviour.SpawnDelay > TimeSpan.Zero)
            {
                await Task.Delay(Behaviour.SpawnDelay, cancellationToken);
            }
            if (Behaviour.SpawnGate is { } gate)
            {
                await WaitAsync(gate, cancellationToken);
            }
            if (Behaviour.SpawnFailure?.Invoke(request.Instance) is { } failure)
            {
                throw failure;
            }
            await PlugAndWaitAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _runningSpawns);
        }
        var guest = new FakeGuest(request.Instance.Uuid, request.Instance.Vcpus, request.Instance.MemoryMb, PowerState.Running,
            $"KUMO-GUEST-UP hostname={request.Instance.Hostname} uuid={request.Instance.Uuid} disk=yes\n");
        if (!_guests.TryAdd(request.Instance.Uuid, guest))
        {
            throw new KumoException($"Fake guest {request.Instance.Uuid} already exists.");
        }
    }

    /// <summary>
    /// As libvirt does when asked to wait: the VIFs are "plugged" (the test's callback plays the
    /// network agent) inside the wait for network-vif-plugged.
    /// </summary>
    private Task PlugAndWaitAsync(SpawnRequest request, CancellationToken cancellationToken)
    {
        var virtApi = Behaviour.WaitForVifPluggedEvents ? request.VirtApi : null;
        var expected = VifPlugEvents.Expected(virtApi, request.NetworkInfo);
        return VifPlugEvents.WaitForPluggedAsync(virtApi, request.Instance, expected, async () =>
        {
            if (Behaviour.VifsPlugged is { } plugged)
            {
                await plugged(request.Instance, request.NetworkInfo);
            }
        }, Behaviour.Logger, request.Timeline, cancellationToken);
    }

    public async Task DestroyAsync(Instance instance, NetworkInfo networkInfo, bool destroyDisks = true, CancellationToken cancellationToken = default)
    {
        if (Behaviour.DestroyGate is { } gate)
        {
            await WaitAsync(gate, cancellationToken);
        }
        if (Behaviour.DestroyFailure?.Invoke(instance) is { } failure)
        {
            throw failure;
        }
        _guests.TryRemove(instance.Uuid, out _);
        Behaviour.Destroyed?.Invoke(instance, networkInfo);
    }

    public async Task<InstanceInfo> GetInfoAsync(Instance instance, CancellationToken cancellationToken = default)
    {
        if (Behaviour.InfoGate is { } gate)
        {
            await WaitAsync(gate, cancellationToken);
        }
        var guest = Find(instance);
        return new InstanceInfo(guest.State, guest.Vcpus, guest.MemoryMb * 1024L, guest.MemoryMb * 1024L, 0);
    }

    public Task PowerOffAsync(Instance instance, TimeSpan cleanShutdownTimeout, CancellationToken cancellationToken = default) =>
        PowerAction(instance, "power_off", PowerState.Shutdown, cancellationToken);

    public Task PowerOnAsync(Instance instance, NetworkInfo networkInfo, CancellationToken cancellationToken = default) =>
        PowerAction(instance, "power_on", PowerState.Running, cancellationToken);

    public Task RebootAsync(Instance instance, NetworkInfo networkInfo, bool hard, CancellationToken cancellationToken = default) =>
        PowerAction(instance, hard ? "reboot_hard" : "reboot_soft", PowerState.Running, cancellationToken);

    private async Task PowerAction(Instance instance, string operation, PowerState after, CancellationToken cancellationToken)
    {
        if (Behaviour.PowerGate is { } gate)
        {
            await WaitAsync(gate, cancellationToken);
        }
        await PowerActionNow(instance, operation, after);
    }

    private Task WaitAsync(Task gate, CancellationToken cancellationToken) =>
        Behaviour.GatesIgnoreCancellation ? gate : gate.WaitAsync(cancellationToken);

    private Task PowerActionNow(Instance instance, string operation, PowerState after)
    {
        if (Behaviour.PowerFailure?.Invoke(instance, operation) is { } failure)
        {
            // A failed power action leaves the guest shut off, as a hypervisor that could not start it would.
            _ = SetState(instance, PowerState.Shutdown);
            return Task.FromException(failure);
        }
        return SetState(instance, after);
    }

    public Task<string> GetConsoleOutputAsync(Instance instance, CancellationToken cancellationToken = default) =>
        Task.FromResult(Behaviour.ConsoleOutput?.Invoke(instance) ?? Find(instance).Console);

    public Task<IReadOnlyList<Guid>> ListInstanceUuidsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Guid>>([.. _guests.Keys]);

    public Task<IReadOnlyList<string>> ManageImageCacheAsync(IReadOnlyCollection<Instance> instancesOnHost, TimeSpan minimumAge, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task<IReadOnlyList<HostResource>> ListHostResourcesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<HostResource>>([.. _guests.Keys.SelectMany(uuid =>
            (IEnumerable<HostResource>)[new HostResource("guest", uuid.ToString(), uuid), .. Behaviour.GuestDevices?.Invoke(uuid) ?? []])]);

    /// <summary>The ports PlugVifsAsync was asked for, per instance, since the last unplug (spawn plugs on its own).</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> PluggedPorts => _plugged;

    public Task PlugVifsAsync(Instance instance, NetworkInfo networkInfo, CancellationToken cancellationToken = default)
    {
        _plugged[instance.Uuid] = [.. networkInfo.Vifs.Select(v => v.PortId)];
        return Task.CompletedTask;
    }

    public Task UnplugVifsAsync(Instance instance, NetworkInfo networkInfo, CancellationToken cancellationToken = default)
    {
        _plugged.TryRemove(instance.Uuid, out _);
        return Task.CompletedTask;
    }

    private Task SetState(Instance instance, PowerState state)
    {
        var guest = Find(instance);
        _guests[instance.Uuid] = guest with { State = state };
        return Task.CompletedTask;
    }

    private FakeGuest Find(Instance instance) =>
        _guests.TryGetValue(instance.Uuid, out var guest) ? guest : throw new InstanceNotFoundException(instance.Uuid);

    private sealed record FakeGuest(Guid Uuid, int Vcpus, int MemoryMb, PowerState State, string Console);
}

/// <summary>How a <see cref="FakeDriver"/> behaves: host size, spawn latency and failure injection.</summary>
public sealed class FakeDriverBehaviour
{
    /// <summary>Nova's fake driver reports a very large host so scale runs never run out.</summary>
    public HostResources Resources { get; init; } = new("fake-hypervisor", "fake-node", 1000, 8_000_000, 600_000, "fake", 1);

    public TimeSpan SpawnDelay { get; set; } = TimeSpan.Zero;

    /// <summary>When set, spawns wait for it: lets a test hold a build mid-spawn for as long as it needs.</summary>
    public Task? SpawnGate { get; set; }

    /// <summary>When it returns an exception for an instance, spawn throws it (Nova's failing fake drivers).</summary>
    public Func<Instance, Exception?>? SpawnFailure { get; set; }

    /// <summary>When set, what the guest's console shows (tests of clients that must print guest bytes safely).</summary>
    public Func<Instance, string>? ConsoleOutput { get; set; }

    /// <summary>
    /// Wait for network-vif-plugged of every port not yet ACTIVE inside spawn, as the libvirt driver
    /// does (off by default, as Nova's fake driver: nothing would send the events).
    /// </summary>
    public bool WaitForVifPluggedEvents { get; set; }

    /// <summary>Called inside the wait once the VIFs are "plugged": a test sends the events from here, as the network agent would.</summary>
    public Func<Instance, NetworkInfo, Task>? VifsPlugged { get; set; }

    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>When it returns an exception for (instance, "power_off" | "power_on" | "reboot_soft" | "reboot_hard"), that call throws it.</summary>
    public Func<Instance, string, Exception?>? PowerFailure { get; set; }

    /// <summary>When set, power actions (off, on, reboots) wait for it, honouring cancellation unless <see cref="GatesIgnoreCancellation"/>: a hypervisor call that hangs.</summary>
    public Task? PowerGate { get; set; }

    /// <summary>When set, destroys wait for it, honouring cancellation unless <see cref="GatesIgnoreCancellation"/> (a delete held mid-way, or hanging).</summary>
    public Task? DestroyGate { get; set; }

    /// <summary>
    /// The gates (spawn, power, destroy) are waited for without the caller's token: a native call that
    /// never returns whatever its caller cancels (LibvirtHost.Call, a hung QEMU monitor).
    /// </summary>
    public bool GatesIgnoreCancellation { get; set; }

    /// <summary>When set, reads of a guest's state wait for it (a hypervisor that does not answer for the guest).</summary>
    public Task? InfoGate { get; set; }

    /// <summary>When it returns an exception for an instance, destroy throws it and the guest stays.</summary>
    public Func<Instance, Exception?>? DestroyFailure { get; set; }

    /// <summary>Called after a guest is destroyed, with the VIFs the destroy was told to unplug.</summary>
    public Action<Instance, NetworkInfo>? Destroyed { get; set; }

    /// <summary>More host resources a guest holds (its VIF devices, as the libvirt driver's VIF inventory lists them).</summary>
    public Func<Guid, IReadOnlyList<HostResource>>? GuestDevices { get; set; }
}
