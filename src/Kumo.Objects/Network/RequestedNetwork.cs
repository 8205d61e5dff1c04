namespace Kumo.Objects.Network;

/// <summary>One entry of a server's "networks" request: a network, a pre-made port, or a fixed IP.</summary>
public sealed record RequestedNetwork(Guid? NetworkId, Guid? PortId = null, string? FixedIp = null);
