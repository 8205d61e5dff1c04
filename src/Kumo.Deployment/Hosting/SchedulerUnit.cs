using Kumo.Messaging.Rpc;
using Kumo.Objects.Services;
using Kumo.Scheduler;
using Microsoft.Extensions.Hosting;

namespace Kumo.Deployment.Hosting;

/// <summary>The scheduler service (nova-scheduler): registers itself, then serves topic scheduler.</summary>
public sealed class SchedulerUnit(SharedServices shared) : IHostedService, IAsyncDisposable
{
    private ServiceHeartbeat? _heartbeat;
    private IAsyncDisposable? _consumer;
    private int _stopped;

    public SchedulerManager? Manager { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = shared.Options;
        Manager = new SchedulerManager(shared.Stores.Placement, shared.Stores.Services, options.Scheduler, options.ServiceGroup, shared.Time);
        _heartbeat = await ServiceHeartbeat.StartAsync(shared, options.Compute.Host, ServiceBinaries.Scheduler, Topics.Scheduler, "internal", cancellationToken);
        _consumer = shared.Bus.Serve(Topics.Scheduler, Manager);
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
