namespace Kumo.Network.Model;

/// <summary>A Neutron network (models_v2.Network with its standard attributes, mtu and router:external).</summary>
public sealed record NetworkRecord
{
    public required Guid Id { get; init; }
    public required string ProjectId { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public bool Shared { get; init; }
    public bool AdminStateUp { get; init; } = true;
    public int Mtu { get; init; }
    /// <summary>ACTIVE once created: there is no provider segment to wait for on this host.</summary>
    public string Status { get; init; } = "ACTIVE";
    public bool RouterExternal { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public long RevisionNumber { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
