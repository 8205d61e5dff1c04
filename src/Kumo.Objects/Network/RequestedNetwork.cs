namespace Kumo.Objects.Network;

/// <summary>One entry of a server's "networks" request: a network, a pre-made port, or a fixed IP.</summary>
public sealed record RequestedNetwork(Guid? NetworkId, Guid? PortId = null, string? FixedIp = null)
{
    /// <summary>
    /// "networks": "auto" (Nova's get-me-a-network, microversion 2.37): the network service picks the
    /// project's network (or a shared one) itself. NetworkId and PortId are null then.
    /// </summary>
    public bool Auto { get; init; }

    /// <summary>The device tag of the NIC (Nova's networks[].tag, 2.32 and from 2.42); null when none.</summary>
    public string? Tag { get; init; }

    /// <summary>The request "networks": "auto" stands for.</summary>
    public static RequestedNetwork AutoAllocate { get; } = new(NetworkId: null) { Auto = true };

    /// <summary>
    /// No "networks" at all before 2.37: as auto, except that with no network to pick the server boots
    /// without a NIC (Nova's behaviour then) instead of being refused.
    /// </summary>
    public bool Implicit { get; init; }

    /// <summary>The request a missing "networks" stands for before microversion 2.37.</summary>
    public static RequestedNetwork Unspecified { get; } = new(NetworkId: null) { Auto = true, Implicit = true };

    /// <summary>
    /// Only the request parser decides auto (AutoAllocate / Unspecified); an entry with neither network
    /// nor port is a caller's bug, which the network service refuses rather than guessing.
    /// </summary>
    public bool IsAuto => Auto;
}
