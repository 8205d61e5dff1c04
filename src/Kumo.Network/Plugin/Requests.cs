using Kumo.Network.Model;

namespace Kumo.Network.Plugin;

/// <summary>A value the request may or may not carry (PUT changes only what is given; a given null is a value).</summary>
public readonly record struct Given<T>(bool IsGiven, T Value)
{
    public static readonly Given<T> Absent = default;

    public static Given<T> Of(T value) => new(true, value);

    public T Or(T fallback) => IsGiven ? Value : fallback;
}

public sealed record NetworkAttributes
{
    public Given<string> Name { get; init; }
    public Given<string> Description { get; init; }
    public Given<bool> Shared { get; init; }
    public Given<bool> AdminStateUp { get; init; }
    public Given<int> Mtu { get; init; }
    public Given<bool> RouterExternal { get; init; }
    public Given<string> ProjectId { get; init; }
}

public sealed record SubnetAttributes
{
    public Given<Guid> NetworkId { get; init; }
    public Given<string> Cidr { get; init; }
    public Given<int> IpVersion { get; init; }
    public Given<string> Name { get; init; }
    public Given<string> Description { get; init; }
    public Given<string?> GatewayIp { get; init; }
    public Given<bool> EnableDhcp { get; init; }
    public Given<IReadOnlyList<AllocationPool>> AllocationPools { get; init; }
    public Given<IReadOnlyList<string>> DnsNameservers { get; init; }
    public Given<IReadOnlyList<SubnetHostRoute>> HostRoutes { get; init; }
    public Given<string> ProjectId { get; init; }
}

/// <summary>One fixed_ips entry of a request: an address, a subnet, or both.</summary>
public sealed record FixedIpRequest(Guid? SubnetId, string? IpAddress);

public sealed record PortAttributes
{
    public Given<Guid> NetworkId { get; init; }
    public Given<string> Name { get; init; }
    public Given<string> Description { get; init; }
    public Given<bool> AdminStateUp { get; init; }
    public Given<string> MacAddress { get; init; }
    public Given<IReadOnlyList<FixedIpRequest>> FixedIps { get; init; }
    public Given<string> DeviceId { get; init; }
    public Given<string> DeviceOwner { get; init; }
    public Given<string> BindingHostId { get; init; }
    public Given<bool> PortSecurityEnabled { get; init; }
    public Given<IReadOnlyList<Guid>> SecurityGroups { get; init; }
    public Given<IReadOnlyList<PortAddressPair>> AllowedAddressPairs { get; init; }
    public Given<string?> DnsName { get; init; }
    public Given<string> ProjectId { get; init; }
    /// <summary>Set by compute only (never from the API): see <see cref="PortRecord.PreserveOnDelete"/>.</summary>
    public Given<bool> PreserveOnDelete { get; init; }
}

public sealed record SecurityGroupAttributes
{
    public Given<string> Name { get; init; }
    public Given<string> Description { get; init; }
    public Given<bool> Stateful { get; init; }
    public Given<string> ProjectId { get; init; }
}

public sealed record SecurityGroupRuleAttributes
{
    public required Guid SecurityGroupId { get; init; }
    public required string Direction { get; init; }
    public string Ethertype { get; init; } = "IPv4";
    public string? Protocol { get; init; }
    public int? PortRangeMin { get; init; }
    public int? PortRangeMax { get; init; }
    public string? RemoteIpPrefix { get; init; }
    public Guid? RemoteGroupId { get; init; }
    public string Description { get; init; } = "";
    public Given<string> ProjectId { get; init; }
}
