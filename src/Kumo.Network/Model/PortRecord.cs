namespace Kumo.Network.Model;

/// <summary>A port: a MAC and fixed addresses on one network, bound (binding:host_id) to a host's agent.</summary>
public sealed record PortRecord
{
    public const string StatusDown = "DOWN";
    public const string StatusActive = "ACTIVE";
    public const string OwnerDhcp = "network:dhcp";
    public const string OwnerComputePrefix = "compute:";

    public required Guid Id { get; init; }
    public required Guid NetworkId { get; init; }
    public required string ProjectId { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public required string MacAddress { get; init; }
    public bool AdminStateUp { get; init; } = true;
    /// <summary>DOWN until the agent reports the device wired (update_device_up).</summary>
    public string Status { get; init; } = StatusDown;
    public string DeviceId { get; init; } = "";
    public string DeviceOwner { get; init; } = "";
    public string BindingHostId { get; init; } = "";
    public IReadOnlyList<PortFixedIp> FixedIps { get; init; } = [];
    public bool PortSecurityEnabled { get; init; } = true;
    public IReadOnlyList<Guid> SecurityGroupIds { get; init; } = [];
    public IReadOnlyList<PortAddressPair> AllowedAddressPairs { get; init; } = [];
    /// <summary>The hostname DHCP gives the port (the server's hostname); null: host-a-b-c-d.</summary>
    public string? DnsName { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Made by the user and handed to a server by id: unbound, not deleted, when the server goes (Nova's preserve_on_delete).</summary>
    public bool PreserveOnDelete { get; init; }
    public long RevisionNumber { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsBound => BindingHostId.Length > 0;

    public bool IsComputePort => DeviceOwner.StartsWith(OwnerComputePrefix, StringComparison.Ordinal);
}

public sealed record PortFixedIp(Guid SubnetId, string IpAddress);

public sealed record PortAddressPair(string IpAddress, string MacAddress);
