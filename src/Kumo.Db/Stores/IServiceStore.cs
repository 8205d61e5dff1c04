using Kumo.Objects.Services;

namespace Kumo.Db.Stores;

/// <summary>Nova's services table: each unit's registration and heartbeat, and the operator's switches (os-services).</summary>
public interface IServiceStore
{
    /// <summary>
    /// The heartbeat (Nova's servicegroup report_state): creates the record on first report, then
    /// bumps report_count and updated_at. Leaves disabled and forced_down as the operator set them.
    /// </summary>
    Task<ServiceRecord> ReportAsync(string host, string binary, string topic, string availabilityZone, CancellationToken cancellationToken = default);

    /// <summary>Every service, or those of one binary (nova-compute ...), ordered by id.</summary>
    Task<IReadOnlyList<ServiceRecord>> ListAsync(string? binary = null, CancellationToken cancellationToken = default);

    Task<ServiceRecord?> TryGetAsync(long id, CancellationToken cancellationToken = default);

    Task<ServiceRecord?> TryGetAsync(string host, string binary, CancellationToken cancellationToken = default);

    /// <summary>os-services disable/enable: the reason is cleared when enabling. Null when there is no such service.</summary>
    Task<ServiceRecord?> SetDisabledAsync(long id, bool disabled, string? reason, CancellationToken cancellationToken = default);

    /// <summary>os-services force-down (microversion 2.11): a forced-down service is down whatever its heartbeat says.</summary>
    Task<ServiceRecord?> SetForcedDownAsync(long id, bool forcedDown, CancellationToken cancellationToken = default);

    /// <summary>DELETE /os-services/{id}. False when there was none.</summary>
    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default);
}
