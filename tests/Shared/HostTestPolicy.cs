namespace Kumo.TestSupport;

/// <summary>
/// Whether host tests (real libvirtd, OVS, iptables) must run: in CI (CI=1|true or
/// KUMO_REQUIRE_HOST_TESTS=1) a machine without them is a broken CI machine, so a host test that would
/// skip elsewhere runs and fails, naming what is missing. One source file linked into each test project
/// that has such tests (tests/Shared).
/// </summary>
public static class HostTestPolicy
{
    public static bool Required =>
        Environment.GetEnvironmentVariable("CI") is "1" or "true" || Environment.GetEnvironmentVariable("KUMO_REQUIRE_HOST_TESTS") == "1";
}
