using Kumo.Objects.Flavors;

namespace Kumo.Objects.Instances;

/// <summary>
/// A server. Mutable like Nova's Instance object: the compute manager changes fields and saves them,
/// optionally as a compare-and-set on <see cref="TaskState"/>.
/// </summary>
public sealed class Instance
{
    public required Guid Uuid { get; init; }
    public required string DisplayName { get; set; }
    public required string Hostname { get; set; }
    public required string ProjectId { get; init; }
    public required string UserId { get; init; }
    public required Flavor Flavor { get; set; }
    /// <summary>The image the server boots from.</summary>
    public required Guid ImageRef { get; init; }
    public VmState VmState { get; set; } = VmState.Building;
    public TaskState? TaskState { get; set; } = Instances.TaskState.Scheduling;
    public PowerState PowerState { get; set; } = PowerState.NoState;
    /// <summary>The compute service that owns the instance (set once scheduled).</summary>
    public string? Host { get; set; }
    /// <summary>The hypervisor node on that host.</summary>
    public string? Node { get; set; }
    public DateTimeOffset? LaunchedAt { get; set; }
    public DateTimeOffset? TerminatedAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public bool Deleted { get; set; }
    public string? ReservationId { get; init; }
    public int LaunchIndex { get; init; }
    public string? KeyName { get; init; }
    public IDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public int Vcpus => Flavor.Vcpus;
    public int MemoryMb => Flavor.MemoryMb;
    /// <summary>Local disk the instance takes: root + ephemeral (swap is in MB).</summary>
    public int DiskGb => Flavor.RootGb + Flavor.EphemeralGb;

    public Instance Clone() => (Instance)MemberwiseClone();

    public override string ToString() => $"instance {Uuid} ({VmState.ToNovaName()}/{TaskState.ToNovaName() ?? "none"})";
}
