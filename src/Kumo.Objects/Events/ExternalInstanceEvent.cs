namespace Kumo.Objects.Events;

/// <summary>
/// An event another service sends about a server (Nova's os-server-external-events body entry), e.g.
/// network-vif-plugged with the port id as tag. Status is "completed", "failed" or "in-progress".
/// </summary>
public sealed record ExternalInstanceEvent(Guid ServerUuid, string Name, string? Tag, string Status = ExternalInstanceEvent.Completed)
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string InProgress = "in-progress";

    public const string NetworkVifPlugged = "network-vif-plugged";
    public const string NetworkVifUnplugged = "network-vif-unplugged";
    public const string NetworkChanged = "network-changed";
    public const string NetworkVifDeleted = "network-vif-deleted";

    /// <summary>The event names os-server-external-events accepts up to microversion 2.50 (volume-extended comes with 2.51).</summary>
    public static IReadOnlyList<string> Names { get; } = [NetworkChanged, NetworkVifPlugged, NetworkVifUnplugged, NetworkVifDeleted];

    public static IReadOnlyList<string> Statuses { get; } = [Failed, Completed, InProgress];

    /// <summary>Nova's key for a waited-for event: "name-tag" (network-vif-plugged-PORTID).</summary>
    public string Key => Tag is null ? Name : $"{Name}-{Tag}";
}
