using Kumo.Objects.Network;

namespace Kumo.Network.Agent.Firewall;

/// <summary>
/// Chain names, as Neutron's hybrid driver names them (i/o/s + the port's device suffix), under the
/// agent's prefix. The suffix is the same 11 port-id characters as the port's tap, so an operator can
/// read a chain's owner off its name, and inventory can match it to devices.
/// </summary>
public sealed class IptablesChainNames(string prefix)
{
    public const int SuffixLength = 11;

    public string Prefix => prefix;

    /// <summary>Jumped to from FORWARD: sends each filtered port's bridged traffic to the sg chain.</summary>
    public string Forward => $"{prefix}-FORWARD";

    public string SgChain => $"{prefix}-sg-chain";

    public string Fallback => $"{prefix}-sg-fallback";

    public string Ingress(Guid portId) => $"{prefix}-i{Suffix(portId)}";

    public string Egress(Guid portId) => $"{prefix}-o{Suffix(portId)}";

    public string Spoof(Guid portId) => $"{prefix}-s{Suffix(portId)}";

    public static string Suffix(Guid portId) => HybridPlugNames.Tap(portId)[3..];

    /// <summary>The port suffix of a per-port chain of this prefix, or null for a shared chain or a foreign one.</summary>
    public string? PortSuffixOf(string chain) =>
        chain.Length == prefix.Length + 2 + SuffixLength && chain.StartsWith(prefix + "-", StringComparison.Ordinal) && chain[prefix.Length + 1] is 'i' or 'o' or 's'
            ? chain[(prefix.Length + 2)..]
            : null;
}
