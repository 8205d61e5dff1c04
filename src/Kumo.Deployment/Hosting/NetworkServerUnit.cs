using Kumo.Network;
using Kumo.Network.Rpc;
using Microsoft.Extensions.Hosting;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// The network server (neutron-server's RPC side): serves topic network-server, where the host
/// agents fetch device details, security group info and DHCP networks and report ports wired. Its
/// REST side is served by the API unit over the same <see cref="NetworkServices"/>.
/// </summary>
public sealed class NetworkServerUnit(SharedServices shared, NetworkServices network) : IHostedService, IAsyncDisposable
{
    private IAsyncDisposable? _consumer;
    private int _stopped;

    public NetworkServices Network => network;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _consumer = shared.Bus.Serve(PluginMethods.Topic, network.RpcEndpoint());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
        }
    }
}
