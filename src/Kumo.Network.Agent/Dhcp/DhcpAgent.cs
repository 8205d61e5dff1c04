using Kumo.Network.Agent.Rpc;
using Kumo.Network.Rpc;
using Kumo.OsVif;
using Kumo.OsVif.Host;
using Kumo.OsVif.Linux;
using Kumo.OsVif.Ovs;
using Microsoft.Extensions.Logging;

namespace Kumo.Network.Agent.Dhcp;

/// <summary>
/// Neutron's DHCP agent: for each active network with DHCP on this host, a namespace qdhcp-&lt;network&gt;
/// joined to the integration bridge by a veth pair (the namespace end carries the DHCP port's MAC and
/// addresses; the OVS end carries the port's iface-id, so the OVS agent tags it like any port) and one
/// dnsmasq serving the network's ports. With isolated metadata, the namespace also holds
/// 169.254.169.254/32 and a metadata proxy on it, and DHCP routes guests there via the DHCP port. Networks are handled one at a time (one lock): casts may come
/// in any order, and each handler re-reads the network from the server.
/// </summary>
public sealed partial class DhcpAgent(
    string confsPath,
    VifOptions vifOptions,
    PluginApi plugin,
    IpLink ip,
    IpNetns netns,
    Ethtool ethtool,
    OvsVsctl ovs,
    ILoggerFactory loggers,
    Metadata.MetadataProxies? metadata = null) : IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<DhcpAgent>();
    private readonly Dictionary<Guid, Dnsmasq> _networks = [];
    private readonly SemaphoreSlim _lock = new(1, 1);
    // Networks whose last refresh or removal failed, with a retry pending (Neutron's needs_resync).
    private readonly HashSet<Guid> _resyncs = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>How long after a failed refresh of a network it is tried again (Neutron's resync_interval is 5 s).</summary>
    public static readonly TimeSpan ResyncDelay = TimeSpan.FromSeconds(2);

    public IReadOnlyCollection<Guid> Networks
    {
        get
        {
            lock (_networks)
            {
                return [.. _networks.Keys];
            }
        }
    }

    public int? DnsmasqPid(Guid networkId)
    {
        lock (_networks)
        {
            return _networks.TryGetValue(networkId, out var d) ? d.Pid : null;
        }
    }

    /// <summary>sync_state: serve every active network, remove what an earlier run left for networks no longer active.</summary>
    public async Task SyncStateAsync(CancellationToken cancellationToken)
    {
        var active = (await plugin.GetActiveNetworksAsync(cancellationToken)).ToHashSet();
        foreach (var networkId in active)
        {
            await RefreshNetworkAsync(networkId, cancellationToken);
        }
        var leftovers = Directory.Exists(confsPath)
            ? Directory.GetDirectories(confsPath).Select(d => Guid.TryParse(Path.GetFileName(d), out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)
            : [];
        foreach (var networkId in leftovers.Where(id => !active.Contains(id)))
        {
            await DisableNetworkAsync(networkId, cancellationToken);
        }
    }

    public async Task RefreshNetworkAsync(Guid networkId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var network = await plugin.GetNetworkInfoAsync(networkId, cancellationToken);
            if (network is null || !network.AdminStateUp || !network.Subnets.Any(s => s.IpVersion == 4))
            {
                await DisableLockedAsync(networkId, release: network is not null, cancellationToken);
                return;
            }
            await EnableLockedAsync(network, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogNetworkFailed(networkId, ex.Message);
            ResyncLater(networkId);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task DisableNetworkAsync(Guid networkId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await DisableLockedAsync(networkId, release: true, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogNetworkFailed(networkId, ex.Message);
            ResyncLater(networkId);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Refreshes the network again after <see cref="ResyncDelay"/>, once however often it failed meanwhile:
    /// a change whose refresh failed (the server slow to answer, a host command refused) would otherwise
    /// wait for the network's next change, and a deleted port's host entry would serve its address on.
    /// The refresh re-reads the network, so it also completes a removal (a deleted network reads as gone).
    /// </summary>
    private void ResyncLater(Guid networkId)
    {
        lock (_resyncs)
        {
            if (!_resyncs.Add(networkId))
            {
                return;
            }
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(ResyncDelay, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                lock (_resyncs)
                {
                    _resyncs.Remove(networkId); // before the refresh: its own failure schedules the next try
                }
            }
            try
            {
                await RefreshNetworkAsync(networkId, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }, CancellationToken.None);
    }

    private async Task EnableLockedAsync(DhcpNetwork network, CancellationToken cancellationToken)
    {
        var port = await plugin.CreateDhcpPortAsync(network.NetworkId, cancellationToken);
        var nsDevice = await PlugNamespaceAsync(network, port, cancellationToken);
        Dnsmasq dnsmasq;
        lock (_networks)
        {
            if (!_networks.TryGetValue(network.NetworkId, out dnsmasq!))
            {
                dnsmasq = new Dnsmasq(network.NetworkId, ConfDir(network.NetworkId), loggers.CreateLogger<Dnsmasq>());
                _networks[network.NetworkId] = dnsmasq;
            }
        }
        var metadataNextHops = new Dictionary<Guid, string>();
        if (metadata is not null)
        {
            await ip.AddAddressAsync(nsDevice, Metadata.MetadataProxyApp.Address + "/32", DhcpNames.Namespace(network.NetworkId), cancellationToken);
            await metadata.EnsureAsync(network.NetworkId, DhcpNames.Namespace(network.NetworkId), network.Hosts, cancellationToken);
            foreach (var fixedIp in port.FixedIps)
            {
                metadataNextHops[fixedIp.SubnetId] = fixedIp.IpAddress;
            }
        }
        var gone = dnsmasq.Hosts.Where(old => !network.Hosts.Any(h => h.MacAddress == old.MacAddress && h.IpAddress == old.IpAddress)).ToList();
        await dnsmasq.EnableAsync(network, nsDevice, metadataNextHops, cancellationToken);
        await ReleaseLeasesAsync(network.NetworkId, nsDevice, gone, cancellationToken);
    }

    /// <summary>
    /// dnsmasq keeps leases in memory (--leasefile-ro) past a host entry's removal, and refuses the
    /// address to the next port given it ("not using configured address ... because it is leased to"),
    /// so a removed port's lease is released at once, as Neutron's agent does with dhcp_release.
    /// </summary>
    private async Task ReleaseLeasesAsync(Guid networkId, string nsDevice, IReadOnlyList<DhcpHost> gone, CancellationToken cancellationToken)
    {
        foreach (var host in gone)
        {
            try
            {
                await netns.ExecAsync(DhcpNames.Namespace(networkId), HostTools.DhcpRelease, [nsDevice, host.IpAddress, host.MacAddress], cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReleaseFailed(networkId, host.IpAddress, host.MacAddress, ex.Message);
            }
        }
    }

    /// <summary>The namespace, the veth pair into br-int with the DHCP port's identity, tx checksum off on both ends.</summary>
    private async Task<string> PlugNamespaceAsync(DhcpNetwork network, DhcpPort port, CancellationToken cancellationToken)
    {
        var ns = DhcpNames.Namespace(network.NetworkId);
        var nsDevice = DhcpNames.NamespaceDevice(port.PortId);
        var ovsDevice = DhcpNames.OvsDevice(port.PortId);
        await netns.AddAsync(ns, cancellationToken);
        if (!await ip.ExistsAsync(nsDevice, ns, cancellationToken))
        {
            await ip.DeleteAsync(ovsDevice, cancellationToken: cancellationToken);
            await ip.AddVethAsync(ovsDevice, nsDevice, network.Mtu, cancellationToken);
            await ip.SetNetnsAsync(nsDevice, ns, cancellationToken);
        }
        await ip.SetAddressAsync(nsDevice, port.MacAddress, ns, cancellationToken);
        foreach (var fixedIp in port.FixedIps)
        {
            if (network.Subnets.FirstOrDefault(s => s.SubnetId == fixedIp.SubnetId) is { IpVersion: 4 } subnet)
            {
                await ip.AddAddressAsync(nsDevice, $"{fixedIp.IpAddress}/{DnsmasqConfig.ParseCidr(subnet.Cidr).Prefix}", ns, cancellationToken);
            }
        }
        await ethtool.TxOffAsync(nsDevice, ns, cancellationToken);
        await ethtool.TxOffAsync(ovsDevice, cancellationToken: cancellationToken);
        await ip.SetUpAsync(nsDevice, ns, cancellationToken);
        await ip.SetUpAsync(ovsDevice, cancellationToken: cancellationToken);
        var isNew = await ovs.InterfaceBridgeAsync(ovsDevice, cancellationToken) is null;
        await ovs.AddPortAsync(vifOptions.IntegrationBridge, ovsDevice, new Dictionary<string, string>
        {
            [ExternalIdKeys.IfaceId] = port.PortId.ToString("D"),
            [ExternalIdKeys.AttachedMac] = port.MacAddress,
            [ExternalIdKeys.IfaceStatus] = "active",
            [ExternalIdKeys.DhcpNetwork] = network.NetworkId.ToString("D"),
        }, isNew ? OvsVsctl.DeadVlan : null, cancellationToken);
        return nsDevice;
    }

    private async Task DisableLockedAsync(Guid networkId, bool release, CancellationToken cancellationToken)
    {
        Dnsmasq? dnsmasq;
        lock (_networks)
        {
            _networks.Remove(networkId, out dnsmasq);
        }
        dnsmasq?.Stop();
        if (metadata is not null)
        {
            await metadata.StopAsync(networkId);
        }
        var confDir = ConfDir(networkId);
        var hadState = dnsmasq is not null || Directory.Exists(confDir);
        Dnsmasq.KillStale(confDir);
        foreach (var port in await ovs.ListInterfacesAsync(vifOptions.IntegrationBridge, cancellationToken))
        {
            if (port.ExternalIds.TryGetValue(ExternalIdKeys.DhcpNetwork, out var id) && id == networkId.ToString("D"))
            {
                await ovs.DeletePortAsync(vifOptions.IntegrationBridge, port.Name, cancellationToken);
                await ip.DeleteAsync(port.Name, cancellationToken: cancellationToken);
            }
        }
        await netns.DeleteAsync(DhcpNames.Namespace(networkId), cancellationToken);
        if (Directory.Exists(confDir))
        {
            Directory.Delete(confDir, recursive: true);
        }
        if (release && hadState)
        {
            await plugin.ReleaseDhcpPortAsync(networkId, cancellationToken);
        }
        if (hadState)
        {
            LogDisabled(networkId);
        }
    }

    private string ConfDir(Guid networkId) => Path.Combine(confsPath, networkId.ToString("D"));

    /// <summary>dnsmasq and the metadata proxies end with the service; namespaces and ports stay for the next start to re-use.</summary>
    public async ValueTask DisposeAsync()
    {
        // A resync in flight ends before dnsmasq is stopped, or it could start one after.
        await _stop.CancelAsync();
        await _lock.WaitAsync();
        _lock.Release();
        if (metadata is not null)
        {
            await metadata.DisposeAsync();
        }
        lock (_networks)
        {
            foreach (var dnsmasq in _networks.Values)
            {
                dnsmasq.Stop();
            }
            _networks.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DHCP for network {NetworkId} failed (tried again in 2 s): {Error}")]
    private partial void LogNetworkFailed(Guid networkId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DHCP for network {NetworkId}: releasing the lease of {IpAddress} ({MacAddress}) failed, the address waits for the lease to expire: {Error}")]
    private partial void LogReleaseFailed(Guid networkId, string ipAddress, string macAddress, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "DHCP for network {NetworkId} removed")]
    private partial void LogDisabled(Guid networkId);
}
