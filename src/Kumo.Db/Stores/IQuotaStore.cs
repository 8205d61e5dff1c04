namespace Kumo.Db.Stores;

/// <summary>What a project's instances hold, as quota admission counts it.</summary>
public sealed record QuotaUsage(int Instances, int Cores, int Ram);

/// <summary>Instances to admit for one project, each holding the same flavor.</summary>
public sealed record QuotaAdmission(string ProjectId, string UserId, IReadOnlyList<Guid> InstanceUuids, int CoresEach, int RamEach);

/// <summary>
/// Quota limits (per class, with "default" the base of every project, and per project) and the usage
/// that admission counts. Limits not set anywhere are QuotaResources.Defaults.
/// </summary>
public interface IQuotaStore
{
    Task<IReadOnlyDictionary<string, int>> GetClassLimitsAsync(string className, CancellationToken cancellationToken = default);

    Task SetClassLimitsAsync(string className, IReadOnlyDictionary<string, int> limits, CancellationToken cancellationToken = default);

    /// <summary>The project's effective limits: its own where set, else the default class's.</summary>
    Task<IReadOnlyDictionary<string, int>> GetProjectLimitsAsync(string projectId, CancellationToken cancellationToken = default);

    Task SetProjectLimitsAsync(string projectId, IReadOnlyDictionary<string, int> limits, CancellationToken cancellationToken = default);

    /// <summary>Forgets the project's own limits: it falls back to the defaults.</summary>
    Task DeleteProjectLimitsAsync(string projectId, CancellationToken cancellationToken = default);

    Task<QuotaUsage> GetUsageAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts the project's usage and records the new instances in one transaction, so that concurrent
    /// admissions never pass a limit together. Throws QuotaExceededException (403) and records nothing
    /// when instances, cores or ram would pass the project's limit.
    /// </summary>
    Task AdmitAsync(QuotaAdmission admission, CancellationToken cancellationToken = default);

    /// <summary>Gives back an admission whose instance was never recorded (its create failed).</summary>
    Task ReleaseAsync(Guid instanceUuid, CancellationToken cancellationToken = default);
}
