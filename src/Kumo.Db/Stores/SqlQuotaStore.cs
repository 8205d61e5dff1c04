using System.Data.Common;
using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Quotas;

namespace Kumo.Db.Stores;

/// <summary>
/// Limits in quotas / quota_classes; usage in quota_usages, one row per admitted instance, counted while
/// its instance is not deleted. A row whose instance was never written (a create that died between
/// admission and its insert) stops counting after <see cref="InFlightGrace"/>.
/// </summary>
public sealed class SqlQuotaStore(KumoDatabase database, TimeProvider? timeProvider = null) : IQuotaStore
{
    public const string DefaultClass = "default";

    // Admission and the instance insert are milliseconds apart; minutes leave room for a slow store.
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromMinutes(5);

    private const string UsageSql = """
        SELECT COUNT(*) AS Instances, COALESCE(SUM(u.cores), 0) AS Cores, COALESCE(SUM(u.ram), 0) AS Ram
        FROM quota_usages u LEFT JOIN instances i ON i.uuid = u.instance_uuid
        WHERE u.project_id = @ProjectId AND ((i.uuid IS NULL AND u.created_at > @InFlightSince) OR i.deleted = 0)
        """;

    // Housekeeping only: the usage count already ignores these rows, so pruning them can wait.
    private const string PruneSql = """
        DELETE FROM quota_usages WHERE
            EXISTS (SELECT 1 FROM instances i WHERE i.uuid = quota_usages.instance_uuid AND i.deleted = 1)
            OR (created_at <= @InFlightSince AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.uuid = quota_usages.instance_uuid))
        """;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private long _nextPruneTicks;

    public Task<IReadOnlyDictionary<string, int>> GetClassLimitsAsync(string className, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => ReadLimitsAsync(connection, null, className, null, cancellationToken), cancellationToken);

    public Task SetClassLimitsAsync(string className, IReadOnlyDictionary<string, int> limits, CancellationToken cancellationToken = default) =>
        UpsertAsync("quota_classes", "class_name", className, limits, cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> GetProjectLimitsAsync(string projectId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => ReadLimitsAsync(connection, null, DefaultClass, projectId, cancellationToken), cancellationToken);

    public Task SetProjectLimitsAsync(string projectId, IReadOnlyDictionary<string, int> limits, CancellationToken cancellationToken = default) =>
        UpsertAsync("quotas", "project_id", projectId, limits, cancellationToken);

    public Task DeleteProjectLimitsAsync(string projectId, CancellationToken cancellationToken = default) =>
        database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM quotas WHERE project_id = @ProjectId", new { ProjectId = projectId }, cancellationToken: cancellationToken)),
            cancellationToken);

    public Task<QuotaUsage> GetUsageAsync(string projectId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => ReadUsageAsync(connection, null, projectId, cancellationToken), cancellationToken);

    public Task AdmitAsync(QuotaAdmission admission, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // First statement: on PostgreSQL this row lock queues the project's other admissions behind this one.
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO quota_project_locks (project_id, admissions) VALUES (@ProjectId, 1)
                ON CONFLICT (project_id) DO UPDATE SET admissions = quota_project_locks.admissions + 1
                """, new { admission.ProjectId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var pruned = await PruneIfDueAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var limits = await ReadLimitsAsync(connection, transaction, DefaultClass, admission.ProjectId, cancellationToken).ConfigureAwait(false);
            // Counting joins every live instance of the project, so a create costs more with each server
            // the project has; with no limit on any of the three there is nothing to compare it with.
            if (Limited(limits))
            {
                var usage = await ReadUsageAsync(connection, transaction, admission.ProjectId, cancellationToken).ConfigureAwait(false);
                var count = admission.InstanceUuids.Count;
                var overs = new List<QuotaOver>();
                Check(overs, QuotaResources.Instances, count, usage.Instances, limits);
                Check(overs, QuotaResources.Cores, (long)count * admission.CoresEach, usage.Cores, limits);
                Check(overs, QuotaResources.Ram, (long)count * admission.RamEach, usage.Ram, limits);
                if (overs.Count > 0)
                {
                    throw new QuotaExceededException(overs);
                }
            }
            var now = DbValues.Time(_time.GetUtcNow());
            foreach (var uuid in admission.InstanceUuids)
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO quota_usages (instance_uuid, project_id, user_id, cores, ram, created_at)
                    VALUES (@Uuid, @ProjectId, @UserId, @Cores, @Ram, @CreatedAt)
                    """, new { Uuid = DbValues.Id(uuid), admission.ProjectId, admission.UserId, Cores = admission.CoresEach, Ram = admission.RamEach, CreatedAt = now },
                    transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (pruned is { } next)
            {
                // Admissions run one at a time on the store's writer, so a plain field is enough.
                _nextPruneTicks = next;
            }
        }, cancellationToken);

    public Task ReleaseAsync(Guid instanceUuid, CancellationToken cancellationToken = default) =>
        database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM quota_usages WHERE instance_uuid = @Uuid", new { Uuid = DbValues.Id(instanceUuid) }, cancellationToken: cancellationToken)),
            cancellationToken);

    private static bool Limited(IReadOnlyDictionary<string, int> limits) =>
        limits[QuotaResources.Instances] >= 0 || limits[QuotaResources.Cores] >= 0 || limits[QuotaResources.Ram] >= 0;

    /// <summary>
    /// Rows that no longer count (their instance deleted, or an admission whose instance never came)
    /// go at most once per grace period, inside an admission's transaction, so the table stays about
    /// as large as the live instances without every create scanning it. Returns when the next prune
    /// is due once this transaction commits, or null when none was due.
    /// </summary>
    private async Task<long?> PruneIfDueAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now.UtcTicks < _nextPruneTicks)
        {
            return null;
        }
        await connection.ExecuteAsync(new CommandDefinition(PruneSql,
            new { InFlightSince = DbValues.Time(now - InFlightGrace) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (now + InFlightGrace).UtcTicks;
    }

    private static void Check(List<QuotaOver> overs, string resource, long requested, long used, IReadOnlyDictionary<string, int> limits)
    {
        var allowed = limits[resource];
        if (allowed >= 0 && used + requested > allowed)
        {
            overs.Add(new QuotaOver(resource, requested, used, allowed));
        }
    }

    private async Task<QuotaUsage> ReadUsageAsync(DbConnection connection, DbTransaction? transaction, string projectId, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleAsync<UsageRow>(new CommandDefinition(UsageSql,
            new { ProjectId = projectId, InFlightSince = DbValues.Time(_time.GetUtcNow() - InFlightGrace) }, transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new QuotaUsage((int)row.Instances, (int)row.Cores, (int)row.Ram);
    }

    private static async Task<IReadOnlyDictionary<string, int>> ReadLimitsAsync(DbConnection connection, DbTransaction? transaction,
        string className, string? projectId, CancellationToken cancellationToken)
    {
        var limits = QuotaResources.Defaults.ToDictionary(d => d.Key, d => d.Value);
        var classRows = await connection.QueryAsync<LimitRow>(new CommandDefinition(
            "SELECT resource AS Resource, hard_limit AS HardLimit FROM quota_classes WHERE class_name = @ClassName",
            new { ClassName = className }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        Apply(limits, classRows);
        if (projectId is not null)
        {
            var projectRows = await connection.QueryAsync<LimitRow>(new CommandDefinition(
                "SELECT resource AS Resource, hard_limit AS HardLimit FROM quotas WHERE project_id = @ProjectId",
                new { ProjectId = projectId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            Apply(limits, projectRows);
        }
        return limits;
    }

    private static void Apply(Dictionary<string, int> limits, IEnumerable<LimitRow> rows)
    {
        foreach (var row in rows.Where(r => limits.ContainsKey(r.Resource)))
        {
            limits[row.Resource] = (int)row.HardLimit;
        }
    }

    private Task UpsertAsync(string table, string keyColumn, string key, IReadOnlyDictionary<string, int> limits, CancellationToken cancellationToken) =>
        database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var now = DbValues.Time(_time.GetUtcNow());
            foreach (var (resource, limit) in limits)
            {
                await connection.ExecuteAsync(new CommandDefinition($"""
                    INSERT INTO {table} ({keyColumn}, resource, hard_limit, updated_at) VALUES (@Key, @Resource, @Limit, @Now)
                    ON CONFLICT ({keyColumn}, resource) DO UPDATE SET hard_limit = excluded.hard_limit, updated_at = excluded.updated_at
                    """, new { Key = key, Resource = resource, Limit = limit, Now = now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private sealed class UsageRow
    {
        public long Instances { get; set; }
        public long Cores { get; set; }
        public long Ram { get; set; }
    }

    private sealed class LimitRow
    {
        public string Resource { get; set; } = "";
        public long HardLimit { get; set; }
    }
}
