using Kumo.Common.Processes;
using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Network.Agent.Dhcp;
using Kumo.Network.Agent.Firewall;
using Kumo.Network.Agent.Inventory;
using Kumo.Network.Agent.Ovs;
using Kumo.Network.Agent.Rpc;
using Kumo.Network.Rpc;
using Kumo.OsVif;
using Kumo.OsVif.Host;
using Kumo.OsVif.Linux;
using Kumo.OsVif.Ovs;
using Microsoft.Extensions.Logging;

namespace Kumo.Network.Agent;

/// <summary>
/// The host's network agent (Neutron's openvswitch agent with its iptables firewall, plus the DHCP agent)
/// for one host: starts both, then consumes topic network.&lt;host&gt; so the server's casts reach them.
/// Its own unit, so it can run as its own process later.
/// </summary>
public sealed partial class NetworkAgent : IAsyncDisposable
{
    private readonly IMessageBus _bus;
    private readonly string _host;
    private readonly NetworkAgentOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private IAsyncDisposable? _consumer;
    private Task? _dhcpSync;

    /// <param name="metadataHandler">How the metadata proxies reach the metadata service; none: HTTP to <see cref="NetworkAgentOptions.MetadataUrl"/>.</param>
    public NetworkAgent(string host, NetworkAgentOptions options, VifOptions vifOptions, IMessageBus bus, ICommandRunner runner, ILoggerFactory loggers,
        Func<HttpMessageHandler>? metadataHandler = null)
    {
        _bus = bus;
        _host = host;
        _options = options;
        _logger = loggers.CreateLogger<NetworkAgent>();
        var tools = new HostToolRunner(runner);
        var ovs = new OvsVsctl(tools);
        var ip = new IpLink(tools);
        var plugin = new PluginApi(bus, host, options.RpcTimeout);
        var chains = new IptablesChainNames(options.ChainPrefix);
        Firewall = new IptablesFirewallDriver(new IptablesManager(tools), chains, loggers.CreateLogger<IptablesFirewallDriver>(),
            Conntrack.Available ? new Conntrack(tools) : null);
        if (!Conntrack.Available)
        {
            LogNoConntrack(HostTools.Conntrack);
        }
        Ovs = new OvsNeutronAgent(vifOptions, plugin, ovs, Firewall, loggers);
        Metadata = MetadataProxiesFor(options, metadataHandler, loggers);
        Dhcp = new DhcpAgent(options.DhcpConfsPath, vifOptions, plugin, ip, new IpNetns(tools), new Ethtool(tools), ovs, loggers, Metadata);
        Inventory = new NetworkInventory(options, vifOptions, tools);
    }

    public OvsNeutronAgent Ovs { get; }

    /// <summary>The metadata proxies of the DHCP namespaces; null when isolated metadata is off or no metadata service is known.</summary>
    public Metadata.MetadataProxies? Metadata { get; }

    private static Metadata.MetadataProxies? MetadataProxiesFor(NetworkAgentOptions options, Func<HttpMessageHandler>? handler, ILoggerFactory loggers) =>
        global::Kumo.Network.Agent.Metadata.MetadataForwarder.Create(options, handler) is { } forwarder ? new Metadata.MetadataProxies(forwarder, loggers) : null;

    public DhcpAgent Dhcp { get; }

    public IFirewallDriver Firewall { get; }

    public NetworkInventory Inventory { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Ovs.StartAsync(cancellationToken);
        _consumer = _bus.Serve(AgentMethods.Topic(_host), Endpoint());
        if (_options.EnableDhcp)
        {
            // Not awaited: the host must come up while the network server is still starting (or down);
            // like Neutron's DHCP agent, the sync is retried until the server answers.
            _dhcpSync = Task.Run(() => SyncDhcpUntilDoneAsync(_stop.Token), CancellationToken.None);
        }
    }

    /// <summary>Completes once the first DHCP sync after start has succeeded (tests and diagnostics wait on it).</summary>
    public Task DhcpSynced => _dhcpSync ?? Task.CompletedTask;

    private async Task SyncDhcpUntilDoneAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await Dhcp.SyncStateAsync(cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogDhcpSyncFailed(attempt, ex.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 2 * attempt)), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private RpcDispatcher Endpoint() =>
        new RpcDispatcher("network agent")
            .On(AgentMethods.PortUpdate, (_, change, _) => Done(() => Ovs.PortUpdate(change)))
            .On(AgentMethods.PortDelete, (_, change, _) => Done(() => Ovs.PortDelete(change)))
            .On(AgentMethods.SecurityGroupsRuleUpdated, (_, _, _) => Done(Ovs.SecurityGroupsChanged))
            .On(AgentMethods.SecurityGroupsMemberUpdated, (_, _, _) => Done(Ovs.SecurityGroupsChanged))
            .On(AgentMethods.DhcpNetworkChanged, (_, change, ct) => _options.EnableDhcp ? Dhcp.RefreshNetworkAsync(change.NetworkId, ct) : Task.CompletedTask)
            .On(AgentMethods.NetworkDelete, (_, change, ct) => Dhcp.DisableNetworkAsync(change.NetworkId, ct));

    private static Task Done(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_dhcpSync is not null)
        {
            await _dhcpSync;
        }
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
        }
        await Ovs.DisposeAsync();
        await Dhcp.DisposeAsync();
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Conntrack} is missing (Debian package conntrack): a removed security group rule will not end the flows it let in")]
    private partial void LogNoConntrack(string conntrack);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DHCP sync with the network server failed (attempt {Attempt}), retrying: {Error}")]
    private partial void LogDhcpSyncFailed(int attempt, string error);
}
