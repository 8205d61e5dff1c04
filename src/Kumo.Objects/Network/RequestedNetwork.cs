namespace Kumo.Objects.Network;

/// <summary>One entry of a server's "networks" request: a network, a pre-made port, or a fixed IP.</summary>
/// <remarks>An entry with neither network nor port is Nova's "auto": the project's only network, or the one shared network.</remarks>
public sealed record RequestedNetwork(Guid? NetworkId, Guid? PortId = null, string? FixedIp = null)
{
    public static readonly RequestedNetwork Auto = new(NetworkId: null);

    public bool IsAuto => NetworkId is null && PortId is null;
}
