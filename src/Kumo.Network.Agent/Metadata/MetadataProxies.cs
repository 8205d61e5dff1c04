using System.Net;
using Kumo.Network.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Network.Agent.Metadata;

/// <summary>
/// One metadata proxy per DHCP namespace: started with the network's DHCP, its port table refreshed
/// with every DHCP refresh, stopped (its socket closed) before the namespace is deleted. The proxies
/// end with the agent, like its dnsmasq processes; the next start opens them again.
/// </summary>
public sealed partial class MetadataProxies(MetadataForwarder forwarder, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<MetadataProxies>();
    private readonly Dictionary<Guid, (WebApplication App, MetadataPortTable Ports)> _proxies = [];

    public IReadOnlyCollection<Guid> Networks
    {
        get
        {
            lock (_proxies)
            {
                return [.. _proxies.Keys];
            }
        }
    }

    public async Task EnsureAsync(Guid networkId, string netns, IEnumerable<DhcpHost> hosts, CancellationToken cancellationToken)
    {
        lock (_proxies)
        {
            if (_proxies.TryGetValue(networkId, out var running))
            {
                running.Ports.Update(hosts);
                return;
            }
        }
        var ports = new MetadataPortTable();
        ports.Update(hosts);
        var socket = NamespaceListener.Open(netns, new IPEndPoint(IPAddress.Parse(MetadataProxyApp.Address), MetadataProxyApp.Port));
        var handle = (ulong)socket.SafeHandle.DangerousGetHandle();
        // Kestrel owns the descriptor from here (it closes it when the proxy stops): this Socket must not.
        socket.SafeHandle.SetHandleAsInvalid();
        var app = MetadataProxyApp.Build(networkId, ports, forwarder, loggers, web => web.ConfigureKestrel(k => k.ListenHandle(handle)));
        await app.StartAsync(cancellationToken);
        lock (_proxies)
        {
            _proxies[networkId] = (app, ports);
        }
        LogStarted(_logger, networkId, netns);
    }

    public async Task StopAsync(Guid networkId)
    {
        (WebApplication App, MetadataPortTable Ports) running;
        lock (_proxies)
        {
            if (!_proxies.Remove(networkId, out running))
            {
                return;
            }
        }
        await running.App.StopAsync(CancellationToken.None);
        await running.App.DisposeAsync();
        LogStopped(_logger, networkId);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var networkId in Networks)
        {
            await StopAsync(networkId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metadata proxy for network {NetworkId} listening on 169.254.169.254:80 in {Netns}")]
    private static partial void LogStarted(ILogger logger, Guid networkId, string netns);

    [LoggerMessage(Level = LogLevel.Information, Message = "Metadata proxy for network {NetworkId} stopped")]
    private static partial void LogStopped(ILogger logger, Guid networkId);
}
