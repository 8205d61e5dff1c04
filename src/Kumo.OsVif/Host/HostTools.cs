namespace Kumo.OsVif.Host;

/// <summary>
/// The host programs the VIF and network layers run, by absolute path (Debian 12's locations), so the
/// service's PATH can never pick another binary of the same name.
/// </summary>
public static class HostTools
{
    public const string Ip = "/usr/sbin/ip";
    public const string Ethtool = "/usr/sbin/ethtool";
    public const string OvsVsctl = "/usr/bin/ovs-vsctl";
    public const string OvsdbClient = "/usr/bin/ovsdb-client";
    public const string Iptables = "/usr/sbin/iptables";
    public const string IptablesSave = "/usr/sbin/iptables-save";
    public const string IptablesRestore = "/usr/sbin/iptables-restore";
    public const string Dnsmasq = "/usr/sbin/dnsmasq";
    public const string DhcpRelease = "/usr/bin/dhcp_release";

    /// <summary>conntrack-tools (Debian's conntrack): the agent runs without it (a removed rule then does not end flows already let
    /// through), the host tests need it.</summary>
    public const string Conntrack = "/usr/sbin/conntrack";

    /// <summary>ovsdb-server's socket as Debian's ovs-ctl starts it.</summary>
    public const string OvsdbSocket = "unix:/var/run/openvswitch/db.sock";

    /// <summary>What a test checks before it touches the host: every tool present, and root.</summary>
    public static string? MissingForNetworking()
    {
        if (Environment.UserName != "root")
        {
            return "not root (bridges, namespaces, OVS and iptables need CAP_NET_ADMIN)";
        }
        var missing = new[] { Ip, Ethtool, OvsVsctl, OvsdbClient, Iptables, IptablesRestore, Dnsmasq, DhcpRelease, Conntrack }.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            return $"missing {string.Join(", ", missing)} (run tools/setup-host.sh)";
        }
        return File.Exists("/var/run/openvswitch/db.sock") ? null : "ovsdb-server is not running (run tools/setup-host.sh)";
    }
}
