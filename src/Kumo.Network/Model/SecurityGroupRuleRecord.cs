using System.Globalization;

namespace Kumo.Network.Model;

/// <summary>
/// One rule, normalised as Neutron stores it: protocol as given by name ("tcp") or number ("47"),
/// null for any; for ICMP the port range holds type (min) and code (max).
/// </summary>
public sealed record SecurityGroupRuleRecord
{
    public required Guid Id { get; init; }
    public required Guid SecurityGroupId { get; init; }
    public required string ProjectId { get; init; }
    public required string Direction { get; init; }
    public required string Ethertype { get; init; }
    public string? Protocol { get; init; }
    public int? PortRangeMin { get; init; }
    public int? PortRangeMax { get; init; }
    public string? RemoteIpPrefix { get; init; }
    public Guid? RemoteGroupId { get; init; }
    public string Description { get; init; } = "";
    public long RevisionNumber { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// What makes two rules the same (Neutron's duplicate check ignores id and description; "tcp" and
    /// "6" are one protocol, a /0 prefix is any address).
    /// </summary>
    public string RuleKey => string.Join('|', Direction, Ethertype, IpProtocols.Number(Protocol)?.ToString(CultureInfo.InvariantCulture) ?? "*",
        PortRangeMin?.ToString(CultureInfo.InvariantCulture) ?? "*", PortRangeMax?.ToString(CultureInfo.InvariantCulture) ?? "*",
        RemoteIpPrefix is null || RemoteIpPrefix.EndsWith("/0", StringComparison.Ordinal) ? "*" : RemoteIpPrefix, RemoteGroupId?.ToString("D") ?? "*");
}
