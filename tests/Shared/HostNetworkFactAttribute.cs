using Kumo.OsVif.Host;
using Xunit;

namespace Kumo.TestSupport;

/// <summary>
/// A test that needs root, OVS, iproute2, iptables and dnsmasq on this host (the network agent's tools). Where
/// they are missing it is skipped with the reason, except in CI (CI=1|true or KUMO_REQUIRE_HOST_TESTS=1), where it
/// runs and fails: its fixture calls <see cref="EnsureAvailable"/> first, so the failure names what is missing.
/// One source file, linked into each test project that has such tests (tests/Shared).
/// </summary>
public sealed class HostNetworkFactAttribute : FactAttribute
{
    public HostNetworkFactAttribute()
    {
        if (HostTools.MissingForNetworking() is { } missing && !Required)
        {
            Skip = $"Host networking unavailable: {missing}.";
        }
    }

    /// <summary>CI must run every host test: a machine without the tools is a broken CI machine, not a reason to skip.</summary>
    public static bool Required =>
        Environment.GetEnvironmentVariable("CI") is "1" or "true" || Environment.GetEnvironmentVariable("KUMO_REQUIRE_HOST_TESTS") == "1";

    /// <summary>For a fixture's first line: fails with what is missing, instead of a later, obscure command failure.</summary>
    public static void EnsureAvailable()
    {
        if (HostTools.MissingForNetworking() is { } missing)
        {
            throw new InvalidOperationException($"Host networking is required here (CI) but unavailable: {missing}.");
        }
    }
}
