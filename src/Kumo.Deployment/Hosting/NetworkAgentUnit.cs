using Kumo.Common.Processes;
using Kumo.Network.Agent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// The host's network agent (neutron-openvswitch-agent and neutron-dhcp-agent in one unit): ensures the
/// integration bridge, re-wires live ports and removes leftovers, serves DHCP, then consumes topic
/// network.&lt;host&gt;. Started after the compute host only when NetworkAgent:Enabled (the host has OVS).
/// Stopping ends its dnsmasq processes; bridges, ports and chains stay for the next start to re-use.
/// </summary>
/// <param name="metadataHandler">How the metadata proxies reach the metadata service; none: HTTP to NetworkAgent:MetadataUrl.</param>
public sealed class NetworkAgentUnit(SharedServices shared, Func<HttpMessageHandler>? metadataHandler = null) : IHostedService, IAsyncDisposable
{
    public NetworkAgent? Agent { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = shared.Options;
        if (!options.NetworkAgent.Enabled)
        {
            return;
        }
        Agent = new NetworkAgent(options.Compute.Host, options.NetworkAgent, options.Ovs, shared.Bus,
            new ProcessCommandRunner(shared.Loggers.CreateLogger<ProcessCommandRunner>()), shared.Loggers, metadataHandler);
        await Agent.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DisposeAsync().AsTask().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ShutdownLog.TimedOut(shared.Loggers.CreateLogger<NetworkAgentUnit>(), shared.Options.ShutdownTimeout);
        }
    }

    private int _stopped;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0 && Agent is not null)
        {
            await Agent.DisposeAsync();
        }
    }
}
