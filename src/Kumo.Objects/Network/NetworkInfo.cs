namespace Kumo.Objects.Network;

/// <summary>One port of an instance as the virt driver needs it (Nova's VIF model, trimmed).</summary>
public sealed record Vif(
    Guid PortId,
    Guid NetworkId,
    string MacAddress,
    string VifType,
    string DevName,
    IReadOnlyList<string> FixedIps,
    int Mtu = 1500);

/// <summary>Nova's network_info: the instance's ports. Empty when the server has no NIC.</summary>
public sealed record NetworkInfo(IReadOnlyList<Vif> Vifs)
{
    public static readonly NetworkInfo Empty = new([]);

    public bool IsEmpty => Vifs.Count == 0;
}
