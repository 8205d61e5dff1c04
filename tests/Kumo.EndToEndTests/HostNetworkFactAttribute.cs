using Kumo.OsVif.Host;

namespace Kumo.EndToEndTests;

/// <summary>
/// An end-to-end test that also needs OVS, iproute2, iptables and dnsmasq (the network agent). Skipped with
/// the reason where they are missing, except in CI (CI=1 or KUMO_REQUIRE_HOST_TESTS=1), where that must fail.
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
