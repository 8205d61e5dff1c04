using Kumo.OsVif.Host;
using Xunit;

namespace Kumo.TestSupport;

/// <summary>
/// A test that needs root, OVS, iproute2, iptables and dnsmasq on this host (the network agent's tools). Where
/// they are missing it is skipped with the reason, except where <see cref="HostTestPolicy.Required"/> (CI), where it
/// runs and fails: its fixture calls <see cref="EnsureAvailable"/> first, so the failure names what is missing.
/// One source file, linked into each test project that has such tests (tests/Shared).
/// </summary>
public sealed class HostNetworkFactAttribute : FactAttribute
{
    public HostNetworkFactAttribute()
    {
        if (HostTools.MissingForNetworking() is { } missing && !HostTestPolicy.Required)
        {
            Skip = $"Host networking unavailable: {missing}.";
        }
    }

    /// <summary>For a fixture's first line: fails with what is missing, instead of a later, obscure command failure.</summary>
    public static void EnsureAvailable()
    {
        if (HostTools.MissingForNetworking() is { } missing)
        {
            throw new InvalidOperationException($"Host networking is required here (CI) but unavailable: {missing}.");
        }
    }
}
