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

    /// <summary>How long an RPC to the network server may take (oslo's rpc_response_timeout is 60 s).</summary>
    public TimeSpan RpcTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
