using Kumo.Common.Processes;
using Kumo.Messaging.InProcess;
using Kumo.Network.Rpc;
using Kumo.Objects.Network;
using Kumo.OsVif;
using Kumo.OsVif.Host;
using Kumo.OsVif.Linux;
using Kumo.OsVif.Ovs;
using Kumo.OsVif.Plugging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Network.Agent.Tests.Support;

/// <summary>
/// One test's slice of this host: its own integration bridge, chain prefix and DHCP directory (unique
/// names, so tests of other sessions on this machine are never touched), a fake network server on an
/// in-process bus, the agent, and "guests": a namespace whose veth end stands in for a VM's NIC, the
/// other end named as the port's tap and put in its qbr, as libvirt would.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly List<(Guid PortId, string Namespace)> _guests = [];
    private readonly List<Vif> _plugged = [];

    public TestHost()
    {
        HostNetworkFactAttribute.EnsureAvailable();
        Id = Guid.NewGuid().ToString("N")[..6];
        Bus = new InProcessBus();
        Server = new FakePluginServer(Bus);
        Tools = new HostToolRunner(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance));
        Ip = new IpLink(Tools);
        Netns = new IpNetns(Tools);
        Ovs = new OvsVsctl(Tools);
        Ethtool = new Ethtool(Tools);
        VifOptions = new VifOptions { IntegrationBridge = "kti" + Id, DatapathType = "netdev" };
        AgentOptions = new NetworkAgentOptions { Enabled = true, ChainPrefix = "kt" + Id, DhcpConfsPath = Path.Combine(Path.GetTempPath(), "kumo-net-tests", Id, "dhcp") };
        Plug = VifPlugger.Create(VifOptions, new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance));
    }

    public string Id { get; }
    public InProcessBus Bus { get; }
    public FakePluginServer Server { get; }
    public HostToolRunner Tools { get; }
    public IpLink Ip { get; }
    public IpNetns Netns { get; }
    public OvsVsctl Ovs { get; }
    public Ethtool Ethtool { get; }
    public VifOptions VifOptions { get; }
    public NetworkAgentOptions AgentOptions { get; }
    public VifPlugger Plug { get; }
    public NetworkAgent? Agent { get; private set; }

    /// <summary>What the agent warned about (shown in failure messages).</summary>
    public RecordingLoggerProvider Log { get; } = new();
    public string Host => "host-" + Id;

    public async Task<NetworkAgent> StartAgentAsync()
    {
        Agent = new NetworkAgent(Host, AgentOptions, VifOptions, Bus, new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance), LoggerFactory.Create(b => b.AddProvider(Log)));
        await Agent.StartAsync(CancellationToken.None);
        await Agent.DhcpSynced;
        return Agent;
    }

    public async Task StopAgentAsync()
    {
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
            Agent = null;
        }
    }

    /// <summary>A port as the server would hand it out, registered with the fake server.</summary>
    public DeviceDetails AddPort(Guid networkId, string ip, Guid? securityGroup = null, int mtu = 1450, bool portSecurity = true)
    {
        var id = Guid.NewGuid();
        var mac = $"fa:16:3e:{Random.Shared.Next(256):x2}:{Random.Shared.Next(256):x2}:{Random.Shared.Next(256):x2}";
        var port = new DeviceDetails(id, networkId, mac, [new FixedIp(Guid.Empty, ip)], AdminStateUp: true, portSecurity,
            securityGroup is { } g ? [g] : [], [], mtu, "compute:nova", Guid.NewGuid().ToString());
        Server.Ports[id] = port;
        return port;
    }

    public static Vif VifOf(DeviceDetails port, bool hybrid = true) =>
        new(port.PortId, port.NetworkId, port.MacAddress, "ovs", HybridPlugNames.Tap(port.PortId), [.. port.FixedIps.Select(f => f.IpAddress)], port.Mtu)
        {
            Details = hybrid ? VifDetails.HybridOvs : VifDetails.PlainOvs,
        };

    public async Task PlugAsync(DeviceDetails port)
    {
        var vif = VifOf(port);
        _plugged.Add(vif);
        await Plug.PlugAsync(Guid.Parse(port.DeviceId), vif);
    }

    /// <summary>Hybrid-plugs the port and starts its "guest": namespace ktg-&lt;id&gt; with eth0 (the port's MAC), the tap in qbr.</summary>
    public async Task<string> AddGuestAsync(DeviceDetails port)
    {
        await PlugAsync(port);
        var ns = "ktg-" + Guid.NewGuid().ToString("N")[..8];
        var tap = HybridPlugNames.Tap(port.PortId);
        var peer = "ktge" + Guid.NewGuid().ToString("N")[..8];
        _guests.Add((port.PortId, ns));
        await Netns.AddAsync(ns);
        await Ip.AddVethAsync(tap, peer, port.Mtu);
        await Ip.SetNetnsAsync(peer, ns);
        await Tools.RunAsync(HostTools.Ip, ["-n", ns, "link", "set", "dev", peer, "name", "eth0"], CancellationToken.None);
        await Ip.SetAddressAsync("eth0", port.MacAddress, ns);
        await Ethtool.TxOffAsync("eth0", ns);
        await Ethtool.TxOffAsync(tap);
        await Ip.SetUpAsync("eth0", ns);
        await Ip.SetMasterAsync(tap, HybridPlugNames.Bridge(port.PortId));
        await Ip.SetUpAsync(tap);
        return ns;
    }

    /// <summary>Runs a program in a namespace; the exit code is the caller's to read.</summary>
    public Task<CommandResult> InNamespaceAsync(string ns, params string[] command) =>
        Tools.TryRunAsync(HostTools.Ip, ["netns", "exec", ns, .. command], CancellationToken.None);

    /// <summary>One ICMP echo from the namespace (busybox ping: Debian's iputils is not installed).</summary>
    public async Task<bool> PingAsync(string ns, string address) =>
        (await InNamespaceAsync(ns, "/usr/bin/busybox", "ping", "-c", "1", "-W", "1", address)).ExitCode == 0;

    public string GuestNamespace(Guid portId) => _guests.First(g => g.PortId == portId).Namespace;

    /// <summary>Stops the guests and unplugs their ports, as a server delete does.</summary>
    public async Task DisposeGuestsAsync()
    {
        foreach (var (portId, ns) in _guests)
        {
            await Ip.DeleteAsync(HybridPlugNames.Tap(portId));
            await Netns.DeleteAsync(ns);
        }
        _guests.Clear();
        foreach (var vif in _plugged)
        {
            await Plug.UnplugAsync(vif);
        }
        _plugged.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Agent is not null)
            {
                foreach (var network in Server.Networks.Keys)
                {
                    await Agent.Dhcp.DisableNetworkAsync(network, CancellationToken.None);
                }
                await Agent.Firewall.RemoveAllAsync();
            }
            await StopAgentAsync();
        }
        finally
        {
            await DisposeGuestsAsync();
            await Ovs.DeleteBridgeAsync(VifOptions.IntegrationBridge);
            var dir = Path.Combine(Path.GetTempPath(), "kumo-net-tests", Id);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
            await Server.DisposeAsync();
        }
    }
}
