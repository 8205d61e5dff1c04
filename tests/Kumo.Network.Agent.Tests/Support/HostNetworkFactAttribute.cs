using Kumo.OsVif.Host;

namespace Kumo.Network.Agent.Tests.Support;

/// <summary>
/// A test that needs root, OVS, iproute2, iptables and dnsmasq. Skipped with the reason when the machine
/// lacks them, except in CI (CI=1 or KUMO_REQUIRE_HOST_TESTS=1), where a missing tool must fail the run.
/// </summary>
public sealed class HostNetworkFactAttribute : FactAttribute
{
    public HostNetworkFactAttribute()
    {
        var missing = HostTools.MissingForNetworking();
        var required = Environment.GetEnvironmentVariable("CI") is "1" or "true" || Environment.GetEnvironmentVariable("KUMO_REQUIRE_HOST_TESTS") == "1";
        if (missing is not null && !required)
        {
            Skip = $"Host networking unavailable: {missing}.";
        }
    }
}
