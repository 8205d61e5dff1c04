namespace Kumo.OsVif.Ovs;

public enum OvsPortEventKind
{
    Added,
    Removed,
}

/// <summary>An interface carrying external-ids:iface-id appeared on (got an OpenFlow port) or left the watched bridge.</summary>
public sealed record OvsPortEvent(OvsPortEventKind Kind, string Name, Guid PortId, IReadOnlyDictionary<string, string> ExternalIds, long Timestamp);
