namespace Kumo.Identity;

/// <summary>
/// Bootstrap settings (keystone-manage bootstrap's): the admin's and demo user's passwords, and where
/// their credentials are written for people and tools (devstack's openrc, openstacksdk's clouds.yaml).
/// </summary>
public sealed class IdentityOptions
{
    /// <summary>The admin's password; empty: generated on the first bootstrap and kept from then on.</summary>
    public string AdminPassword { get; set; } = "";

    /// <summary>The demo user's password; empty: generated on the first bootstrap and kept from then on.</summary>
    public string DemoPassword { get; set; } = "";

    /// <summary>
    /// PBKDF2 iterations for new password hashes (Keystone's [identity] password_hash_rounds). Existing
    /// hashes keep the count they were made with; lower it only for tests.
    /// </summary>
    public int PasswordHashRounds { get; set; } = 100_000;

    /// <summary>OS_* variables for the admin (mode 0600); empty: not written.</summary>
    public string OpenrcPath { get; set; } = "/etc/kumo/admin-openrc.sh";

    /// <summary>Clouds kumo-admin and kumo-demo (mode 0600); empty: not written.</summary>
    public string CloudsYamlPath { get; set; } = "/etc/openstack/clouds.yaml";
}
