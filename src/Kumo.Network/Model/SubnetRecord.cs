namespace Kumo.Network.Model;

/// <summary>A subnet: the CIDR of one network with its gateway, allocation pools and what DHCP hands out.</summary>
public sealed record SubnetRecord
{
    public required Guid Id { get; init; }
    public required Guid NetworkId { get; init; }
    public required string ProjectId { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public required string Cidr { get; init; }
    public int IpVersion { get; init; } = 4;
    public string? GatewayIp { get; init; }
    public bool EnableDhcp { get; init; } = true;
    public IReadOnlyList<AllocationPool> AllocationPools { get; init; } = [];
    public IReadOnlyList<string> DnsNameservers { get; init; } = [];
    public IReadOnlyList<SubnetHostRoute> HostRoutes { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public long RevisionNumber { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>An inclusive range of addresses IPAM may hand out.</summary>
public sealed record AllocationPool(string Start, string End);

public sealed record SubnetHostRoute(string Destination, string Nexthop);
