using Kumo.Objects.Network;
using Kumo.Objects.Images;
using Kumo.Objects.Instances;
using Kumo.Virt.Events;

namespace Kumo.Virt;

/// <summary>
/// The hypervisor driver contract, after Nova's virt/driver.py. Each member says what holds before and
/// after. Drivers are thread-safe across instances; the compute manager serialises calls per instance.
/// </summary>
public interface IVirtDriver
{
    /// <summary>Short name used in config and logs ("libvirt", "fake").</summary>
    string Name { get; }

    DriverCapabilities Capabilities { get; }

    /// <summary>Called once when the compute service starts: connect, check the host.</summary>
    Task InitHostAsync(string host, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes to guest lifecycle events (Nova's register_event_listener). Events may arrive on any
    /// thread, also for changes Kumo made itself; the listener must not block.
    /// </summary>
    void RegisterEventListener(Action<InstanceLifecycleEvent> listener);

    /// <summary>What the host has in total (the resource tracker applies ratios and reservations).</summary>
    HostResources GetAvailableResources();

    /// <summary>
    /// Before: the instance exists in the store with task_state spawning; no guest exists.
    /// After: a running guest. On failure the driver leaves no guest, disk or instance directory behind.
    /// </summary>
    Task SpawnAsync(SpawnRequest request, CancellationToken cancellationToken = default);

    /// <summary>Whether spawning gives the instance a config drive (Nova's configdrive.required_by: asked for, or forced by the host).</summary>
    bool RequiresConfigDrive(Kumo.Objects.Instances.Instance instance) => instance.ConfigDrive;

    /// <summary>
    /// Before: any. After: no guest and, when <paramref name="destroyDisks"/>, no disks or instance
    /// directory. Idempotent: destroying what is gone succeeds.
    /// </summary>
    Task DestroyAsync(Instance instance, NetworkInfo networkInfo, bool destroyDisks = true, CancellationToken cancellationToken = default);

    /// <summary>Throws <see cref="Kumo.Objects.Errors.InstanceNotFoundException"/> when the hypervisor has no such guest.</summary>
    Task<InstanceInfo> GetInfoAsync(Instance instance, CancellationToken cancellationToken = default);

    Task PowerOffAsync(Instance instance, TimeSpan cleanShutdownTimeout, CancellationToken cancellationToken = default);

    Task PowerOnAsync(Instance instance, NetworkInfo networkInfo, CancellationToken cancellationToken = default);

    Task RebootAsync(Instance instance, NetworkInfo networkInfo, bool hard, CancellationToken cancellationToken = default);

    /// <summary>The guest's serial console log so far (empty when there is none yet).</summary>
    Task<string> GetConsoleOutputAsync(Instance instance, CancellationToken cancellationToken = default);

    /// <summary>UUIDs of every guest the hypervisor has, running or not.</summary>
    Task<IReadOnlyList<Guid>> ListInstanceUuidsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes cached images that none of <paramref name="instancesOnHost"/> uses and that have been
    /// unused for <paramref name="minimumAge"/> (Nova's manage_image_cache). Returns what was removed.
    /// </summary>
    Task<IReadOnlyList<string>> ManageImageCacheAsync(IReadOnlyCollection<Instance> instancesOnHost, TimeSpan minimumAge, CancellationToken cancellationToken = default);

    /// <summary>Everything this driver has made on the host, each with its owner (for `kumo host inventory` and leak checks).</summary>
    Task<IReadOnlyList<HostResource>> ListHostResourcesAsync(CancellationToken cancellationToken = default);

    Task PlugVifsAsync(Instance instance, NetworkInfo networkInfo, CancellationToken cancellationToken = default);

    Task UnplugVifsAsync(Instance instance, NetworkInfo networkInfo, CancellationToken cancellationToken = default);
}

/// <summary>What a spawn needs (Nova's spawn arguments).</summary>
public sealed record SpawnRequest(
    Instance Instance,
    ImageMeta Image,
    NetworkInfo NetworkInfo,
    string? AdminPassword = null)
{
    /// <summary>Personality files for the config drive.</summary>
    public IReadOnlyList<InjectedFile> InjectedFiles { get; init; } = [];

    /// <summary>
    /// The compute manager's side (Nova's virtapi): set by the manager, so the driver can wait for
    /// network-vif-plugged; null (a direct caller such as a driver test) means no waiting.
    /// </summary>
    public IVirtApi? VirtApi { get; init; }

    /// <summary>Where the driver reports the steps of this spawn (the build timeline); null records nothing.</summary>
    public Progress.IBuildTimeline? Timeline { get; init; }
}

/// <summary>The host's totals, before allocation ratios and reservations.</summary>
public sealed record HostResources(
    string Hypervisor,
    string NodeName,
    int Vcpus,
    int MemoryMb,
    int LocalGb,
    string HypervisorType,
    long HypervisorVersion);

/// <summary>What the hypervisor says about one guest.</summary>
public sealed record InstanceInfo(PowerState State, int Vcpus, long MaxMemoryKb, long MemoryKb, long CpuTimeNs);

public sealed record DriverCapabilities(bool SupportsDirectKernelBoot, bool SupportsRecreate, bool HasImageCache);
