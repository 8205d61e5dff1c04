using Kumo.Deployment.Configuration;

namespace Kumo.TestSupport;

/// <summary>
/// The options every test's `kumo serve` starts from: its own state directory, driver and host name,
/// a configured admin password, cheap password hashing (100,000 PBKDF2 rounds cost ~0.1 s per new user
/// or first login on these machines; tests make many) and the credential files kept in the state
/// directory, never the host's /etc/openstack. One source file linked into each test project that
/// starts a service (tests/Shared).
/// </summary>
public static class TestServiceOptions
{
    public static KumoOptions For(string stateDir, string driver, string host, string adminPassword, string? demoPassword = null)
    {
        var options = new KumoOptions { StateDir = stateDir, VirtDriver = driver };
        options.Compute.Host = host;
        options.Identity.AdminPassword = adminPassword;
        if (demoPassword is not null)
        {
            options.Identity.DemoPassword = demoPassword;
        }
        options.Identity.PasswordHashRounds = 1_000;
        options.Identity.OpenrcPath = Path.Combine(stateDir, "admin-openrc.sh");
        options.Identity.CloudsYamlPath = Path.Combine(stateDir, "clouds.yaml");
        return options;
    }
}
