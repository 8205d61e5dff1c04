using Kumo.Compute.Periodic;
using Kumo.Db.Stores;
using Kumo.Objects.Services;
using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// A unit's row in the services table and its heartbeat every report_interval (Nova's servicegroup
/// DB driver). The first report is written before the unit consumes its topic, so a unit that
/// serves is already listed. Stopping ends the heartbeat; the record stays and turns down after
/// service_down_time, as in Nova.
/// </summary>
public sealed class ServiceHeartbeat : IAsyncDisposable
{
    private readonly PeriodicTasks _periodic;

    private ServiceHeartbeat(PeriodicTasks periodic, ServiceRecord record)
    {
        _periodic = periodic;
        Record = record;
    }

    /// <summary>The record as first reported (its id is what os-services shows).</summary>
    public ServiceRecord Record { get; }

    public static async Task<ServiceHeartbeat> StartAsync(SharedServices shared, string host, string binary, string topic, string zone,
        CancellationToken cancellationToken = default)
    {
        var services = shared.Stores.Services;
        var record = await services.ReportAsync(host, binary, topic, zone, cancellationToken);
        var periodic = new PeriodicTasks(shared.Time, shared.Loggers.CreateLogger<PeriodicTasks>());
        periodic.Add($"report_state {binary}", shared.Options.ReportInterval, ct => services.ReportAsync(host, binary, topic, zone, ct));
        return new ServiceHeartbeat(periodic, record);
    }

    public ValueTask DisposeAsync() => _periodic.DisposeAsync();
}
