namespace Kumo.Network.Agent;

/// <summary>The network agent's settings (Neutron's [agent], [securitygroup] and dhcp_agent.ini, trimmed).</summary>
public sealed class NetworkAgentOptions
{
    /// <summary>Runs the agent unit in `kumo serve` (off for a host without OVS).</summary>
    public bool Enabled { get; set; }

    /// <summary>Where dnsmasq's per-network files live (Neutron's dhcp_confs); empty means &lt;state_dir&gt;/dhcp.</summary>
    public string DhcpConfsPath { get; set; } = "";

    /// <summary>
    /// Prefix of every iptables chain the firewall owns (Neutron's "neutron-openvswi"): the agent flushes
    /// and deletes only chains with this prefix, never anyone else's. At most 10 characters.
    /// </summary>
    public string ChainPrefix { get; set; } = "kumo";

    /// <summary>The DHCP agent (one dnsmasq per network in a qdhcp namespace).</summary>
    public bool EnableDhcp { get; set; } = true;

    /// <summary>
    /// A metadata proxy at 169.254.169.254:80 in each DHCP namespace, and DHCP's host route to it via the
    /// DHCP port (Neutron's enable_isolated_metadata with force_metadata: Kumo has no router namespaces).
    /// </summary>
    public bool EnableIsolatedMetadata { get; set; } = true;

    /// <summary>Where the proxies send guests' requests (Neutron's nova_metadata_host/port); empty: the local Metadata:Listen.</summary>
    public string MetadataUrl { get; set; } = "";

    /// <summary>Neutron's metadata_proxy_shared_secret; empty: the local Metadata:ProxySharedSecret.</summary>
    public string MetadataProxySharedSecret { get; set; } = "";

    /// <summary>How long an RPC to the network server may take (oslo's rpc_response_timeout is 60 s).</summary>
    public TimeSpan RpcTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
