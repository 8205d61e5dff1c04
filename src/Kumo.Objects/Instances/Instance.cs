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
    /// <summary>The public key of <see cref="KeyName"/> when the server was created (Nova's key_data): the guest gets this, later key edits do not reach it.</summary>
    public string? KeyData { get; init; }
    /// <summary>
    /// The server has a config drive (Nova's config_drive): asked for by the user, or set by compute when
    /// the host's force_config_drive built one anyway (Nova's configdrive.update_instance).
    /// </summary>
    public bool ConfigDrive { get; set; }
    /// <summary>Guest paths of the injected files (personality); their contents are not stored.</summary>
    public IReadOnlyList<string> InjectedFilePaths { get; init; } = [];
    public IDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>Free text shown from microversion 2.19; null when never set.</summary>
    public string? Description { get; set; }
    /// <summary>The server's tags (microversion 2.26), in the order they were added.</summary>
    public IList<string> Tags { get; init; } = [];
    /// <summary>Addresses the user says the server is reached at (Nova's access_ip_v4/v6); Kumo does not use them.</summary>
    public string? AccessIpV4 { get; set; }
    public string? AccessIpV6 { get; set; }
    /// <summary>Base64 user data as the client sent it (for the metadata service and config drive later).</summary>
    public string? UserData { get; init; }
    public string? AvailabilityZone { get; set; }
    /// <summary>The kernel and ramdisk image ids from the boot image's properties (OS-EXT-SRV-ATTR:kernel_id).</summary>
    public string? KernelId { get; init; }
    public string? RamdiskId { get; init; }
    /// <summary>
    /// The security groups (names) the server's ports get (Nova's instance.security_groups; the
    /// create request's security_groups, else the project's "default").
    /// </summary>
    public IList<string> SecurityGroups { get; init; } = ["default"];

    public int Vcpus => Flavor.Vcpus;
    public int MemoryMb => Flavor.MemoryMb;
    /// <summary>Local disk the instance takes: root + ephemeral + swap rounded up to GB (Nova's resources_from_flavor).</summary>
    public int DiskGb => Flavor.RootGb + Flavor.EphemeralGb + Scheduling.ResourceCapacity.DiskGbFromMb(Flavor.SwapMb);

    public Instance Clone() => (Instance)MemberwiseClone();

    public override string ToString() => $"instance {Uuid} ({VmState.ToNovaName()}/{TaskState.ToNovaName() ?? "none"})";
}
