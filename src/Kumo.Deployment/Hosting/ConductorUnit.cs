using Kumo.Compute.Periodic;
using Kumo.Conductor;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.Hosting;

/// <summary>The conductor service (nova-conductor): registers itself, then serves topic conductor.</summary>
public sealed class ConductorUnit(SharedServices shared) : IHostedService, IAsyncDisposable
{
    private ServiceHeartbeat? _heartbeat;
    private IAsyncDisposable? _consumer;
    private PeriodicTasks? _periodic;
    private int _stopped;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var manager = ConductorManager.Create(shared.Stores, shared.Bus, shared.Time, shared.Loggers, maxAttempts: shared.Options.Scheduler.MaxAttempts);
        // The bus is in-process: what it held for the conductor died with the last process.
        await new LostBuilds(shared.Stores.Instances, shared.Stores.InstanceFaults, shared.Stores.Placement, shared.Time,
            shared.Loggers.CreateLogger<LostBuilds>()).SettleAsync(cancellationToken);
        _heartbeat = await ServiceHeartbeat.StartAsync(shared, shared.Options.Compute.Host, ServiceBinaries.Conductor, Topics.Conductor, "internal", cancellationToken);
        _consumer = shared.Bus.Serve(Topics.Conductor, new ConductorEndpoint(manager));
        _periodic = new PeriodicTasks(shared.Time, shared.Loggers.CreateLogger<PeriodicTasks>());
        var sweeper = Sweeper(shared);
        _periodic.Add("end_pending_operations_on_down_hosts", shared.Options.Compute.Deadlines.SweepInterval, ct => sweeper.SweepAsync(ct));
    }

    /// <summary>The conductor's sweep of operations nobody will finish (servers on down hosts past their deadline).</summary>
    public static PendingOperationSweeper Sweeper(SharedServices shared) => new(shared.Stores.Instances, shared.Stores.Services,
        shared.Stores.InstanceFaults, shared.Stores.Placement, shared.Options.Compute.Deadlines, shared.Options.ServiceGroup, shared.Time,
        shared.Loggers.CreateLogger<PendingOperationSweeper>());

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        if (_periodic is not null)
        {
            await _periodic.DisposeAsync();
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
