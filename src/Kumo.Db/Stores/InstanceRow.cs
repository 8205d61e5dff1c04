using Kumo.Db.Database;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;

namespace Kumo.Db.Stores;

/// <summary>An instances row as stored: enums as Nova's names, times as text, flags as 0/1.</summary>
internal sealed class InstanceRow
{
    // Aliases rather than Dapper's global MatchNamesWithUnderscores, which would change Dapper for
    // every other user in the process. (PostgreSQL folds them to lower case; Dapper matches
    // property names case-insensitively.)
    public const string Columns = """
        uuid AS Uuid, display_name AS DisplayName, hostname AS Hostname, project_id AS ProjectId,
        user_id AS UserId, flavor_json AS FlavorJson, image_ref AS ImageRef, vm_state AS VmState,
        task_state AS TaskState, power_state AS PowerState, host AS Host, node AS Node,
        launched_at AS LaunchedAt, terminated_at AS TerminatedAt, created_at AS CreatedAt,
        updated_at AS UpdatedAt, deleted_at AS DeletedAt, deleted AS Deleted,
        reservation_id AS ReservationId, launch_index AS LaunchIndex, key_name AS KeyName,
        metadata_json AS MetadataJson, description AS Description, access_ip_v4 AS AccessIpV4,
        access_ip_v6 AS AccessIpV6, user_data AS UserData, availability_zone AS AvailabilityZone,
        kernel_id AS KernelId, ramdisk_id AS RamdiskId, tags_json AS TagsJson,
        key_data AS KeyData, config_drive AS ConfigDrive, injected_files_json AS InjectedFilesJson
        """;

    public string Uuid { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Hostname { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string FlavorJson { get; set; } = "";
    public string ImageRef { get; set; } = "";
    public string VmState { get; set; } = "";
    public string? TaskState { get; set; }
    public int PowerState { get; set; }
    public string? Host { get; set; }
    public string? Node { get; set; }
    public string? LaunchedAt { get; set; }
    public string? TerminatedAt { get; set; }
    public string CreatedAt { get; set; } = "";
    public string UpdatedAt { get; set; } = "";
    public string? DeletedAt { get; set; }
    public int Deleted { get; set; }
    public string? ReservationId { get; set; }
    public int LaunchIndex { get; set; }
    public string? KeyName { get; set; }
    public string MetadataJson { get; set; } = "{}";
    public string? Description { get; set; }
    public string? AccessIpV4 { get; set; }
    public string? AccessIpV6 { get; set; }
    public string? UserData { get; set; }
    public string? AvailabilityZone { get; set; }
    public string? KernelId { get; set; }
    public string? RamdiskId { get; set; }
    public string? InstanceTypeId { get; set; }
    public string TagsJson { get; set; } = "[]";
    public string? KeyData { get; set; }
    public string ConfigDrive { get; set; } = "";
    public string InjectedFilesJson { get; set; } = "[]";

    public static InstanceRow From(Instance instance, DateTimeOffset createdAt, DateTimeOffset updatedAt) => new()
    {
        Uuid = DbValues.Id(instance.Uuid),
        DisplayName = instance.DisplayName,
        Hostname = instance.Hostname,
        ProjectId = instance.ProjectId,
        UserId = instance.UserId,
        FlavorJson = DbJson.Serialize(instance.Flavor),
        ImageRef = DbValues.Id(instance.ImageRef),
        VmState = instance.VmState.ToNovaName(),
        TaskState = instance.TaskState.ToNovaName(),
        PowerState = (int)instance.PowerState,
        Host = instance.Host,
        Node = instance.Node,
        LaunchedAt = DbValues.TimeOrNull(instance.LaunchedAt),
        TerminatedAt = DbValues.TimeOrNull(instance.TerminatedAt),
        CreatedAt = DbValues.Time(createdAt),
        UpdatedAt = DbValues.Time(updatedAt),
        DeletedAt = DbValues.TimeOrNull(instance.DeletedAt),
        Deleted = DbValues.Flag(instance.Deleted),
        ReservationId = instance.ReservationId,
        LaunchIndex = instance.LaunchIndex,
        KeyName = instance.KeyName,
        MetadataJson = DbJson.Serialize(instance.Metadata),
        Description = instance.Description,
        AccessIpV4 = instance.AccessIpV4,
        AccessIpV6 = instance.AccessIpV6,
        UserData = instance.UserData,
        AvailabilityZone = instance.AvailabilityZone,
        KernelId = instance.KernelId,
        RamdiskId = instance.RamdiskId,
        InstanceTypeId = instance.Flavor.Id,
        TagsJson = DbJson.Serialize(instance.Tags),
        KeyData = instance.KeyData,
        ConfigDrive = instance.ConfigDrive ? "True" : "",
        InjectedFilesJson = DbJson.Serialize(instance.InjectedFilePaths),
    };

    public Instance ToInstance() => new()
    {
        Uuid = Guid.Parse(Uuid),
        DisplayName = DisplayName,
        Hostname = Hostname,
        ProjectId = ProjectId,
        UserId = UserId,
        Flavor = Flavors.Parse(FlavorJson),
        ImageRef = Guid.Parse(ImageRef),
        VmState = StateNames.ParseVmState(VmState),
        TaskState = StateNames.ParseTaskState(TaskState),
        PowerState = (PowerState)PowerState,
        Host = Host,
        Node = Node,
        LaunchedAt = DbValues.ParseTimeOrNull(LaunchedAt),
        TerminatedAt = DbValues.ParseTimeOrNull(TerminatedAt),
        CreatedAt = DbValues.ParseTime(CreatedAt),
        UpdatedAt = DbValues.ParseTime(UpdatedAt),
        DeletedAt = DbValues.ParseTimeOrNull(DeletedAt),
        Deleted = Deleted != 0,
        ReservationId = ReservationId,
        LaunchIndex = LaunchIndex,
        KeyName = KeyName,
        Metadata = MetadataJson == "{}" ? new Dictionary<string, string>() : DbJson.Dictionary(MetadataJson),
        Description = Description,
        AccessIpV4 = AccessIpV4,
        AccessIpV6 = AccessIpV6,
        UserData = UserData,
        AvailabilityZone = AvailabilityZone,
        KernelId = KernelId,
        RamdiskId = RamdiskId,
        Tags = TagsJson == "[]" ? [] : DbJson.Deserialize<List<string>>(TagsJson),
        KeyData = KeyData,
        ConfigDrive = ConfigDrive.Length > 0,
        InjectedFilePaths = InjectedFilesJson == "[]" ? [] : DbJson.Deserialize<List<string>>(InjectedFilesJson),
    };

    /// <summary>
    /// Embedded flavors repeat across rows (a cloud has a handful): parsed once each, shared (Flavor is
    /// an immutable record). Bounded so odd flavors cannot grow it without end.
    /// </summary>
    private static class Flavors
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Flavor> Parsed = new();

        public static Flavor Parse(string json)
        {
            if (Parsed.TryGetValue(json, out var flavor))
            {
                return flavor;
            }
            if (Parsed.Count > 256)
            {
                Parsed.Clear();
            }
            return Parsed[json] = DbJson.Deserialize<Flavor>(json);
        }
    }
}
