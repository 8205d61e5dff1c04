using Kumo.Conductor;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Services;
using Microsoft.Extensions.Hosting;

namespace Kumo.Deployment.Hosting;

/// <summary>The conductor service (nova-conductor): registers itself, then serves topic conductor.</summary>
public sealed class ConductorUnit(SharedServices shared) : IHostedService, IAsyncDisposable
{
    private ServiceHeartbeat? _heartbeat;
    private IAsyncDisposable? _consumer;
    private int _stopped;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var manager = ConductorManager.Create(shared.Stores, shared.Bus, shared.Time, shared.Loggers);
        _heartbeat = await ServiceHeartbeat.StartAsync(shared, shared.Options.Compute.Host, ServiceBinaries.Conductor, Topics.Conductor, "internal", cancellationToken);
        _consumer = shared.Bus.Serve(Topics.Conductor, new ConductorEndpoint(manager));
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
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync();
        }
    }
}
