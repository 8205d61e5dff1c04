using System.Data.Common;
using Dapper;
using Kumo.Db.Database;

namespace Kumo.Db.Stores.Placement;

/// <summary>
/// Resource providers, inventories and allocations in SQL. An allocation is one transaction: bump
/// the provider's generation where it still has the generation the scheduler read (zero rows means
/// a concurrent writer won), then adjust usage and write the allocation rows.
/// </summary>
public sealed class SqlPlacementStore(KumoDatabase database, TimeProvider? timeProvider = null) : IPlacementStore
{
    private const string ProviderColumns = """
        rp.uuid AS Uuid, rp.name AS Name, rp.host AS Host, rp.generation AS Generation,
        rp.hypervisor_type AS HypervisorType, rp.cpu_arch AS CpuArch, i.resource_class AS ResourceClass,
        i.total AS Total, i.reserved AS Reserved, i.allocation_ratio AS AllocationRatio, i.used AS Used
        """;

    private const string UpsertProviderSql = """
        INSERT INTO resource_providers (uuid, name, host, generation, hypervisor_type, cpu_arch, created_at, updated_at)
        VALUES (@Uuid, @Name, @Host, 1, @HypervisorType, @CpuArch, @Now, @Now)
        ON CONFLICT (name) DO UPDATE SET host = excluded.host, hypervisor_type = excluded.hypervisor_type,
            cpu_arch = excluded.cpu_arch, generation = resource_providers.generation + 1, updated_at = excluded.updated_at
        RETURNING uuid
        """;

    private const string UpsertInventorySql = """
        INSERT INTO inventories (resource_provider_uuid, resource_class, total, reserved, allocation_ratio, used)
        VALUES (@Provider, @ResourceClass, @Total, @Reserved, @AllocationRatio, 0)
        ON CONFLICT (resource_provider_uuid, resource_class) DO UPDATE SET total = excluded.total,
            reserved = excluded.reserved, allocation_ratio = excluded.allocation_ratio
        """;

    private const string BumpGenerationSql = """
        UPDATE resource_providers SET generation = generation + 1, updated_at = @Now
        WHERE uuid = @Provider AND generation = @Generation
        """;

    private const string AddUsageSql = """
        UPDATE inventories SET used = used + @Used WHERE resource_provider_uuid = @Provider AND resource_class = @ResourceClass
        """;

    private const string InsertAllocationSql = """
        INSERT INTO allocations (resource_provider_uuid, consumer_id, resource_class, used, created_at)
        VALUES (@Provider, @Consumer, @ResourceClass, @Used, @Now)
        """;

    private const string ConsumerAllocationsSql = """
        SELECT consumer_id AS ConsumerId, resource_provider_uuid AS ResourceProviderUuid, resource_class AS ResourceClass, used AS Used
        FROM allocations WHERE consumer_id = @Consumer ORDER BY resource_provider_uuid, resource_class
        """;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<ResourceProviderRecord> ReportInventoryAsync(ProviderReport report, CancellationToken cancellationToken = default)
    {
        var now = DbValues.Time(_time.GetUtcNow());
        await database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var uuid = await connection.ExecuteScalarAsync<string>(new CommandDefinition(UpsertProviderSql,
                new { Uuid = DbValues.Id(Guid.NewGuid()), report.Name, report.Host, report.HypervisorType, report.CpuArch, Now = now },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var inventory in report.Inventories)
            {
                await connection.ExecuteAsync(new CommandDefinition(UpsertInventorySql,
                    new { Provider = uuid, inventory.ResourceClass, inventory.Total, inventory.Reserved, inventory.AllocationRatio },
                    transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return await TryGetProviderAsync(report.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Resource provider {report.Name} vanished right after it was reported.");
    }

    public async Task<IReadOnlyList<ResourceProviderRecord>> ListProvidersAsync(CancellationToken cancellationToken = default)
    {
        var sql = $"SELECT {ProviderColumns} FROM resource_providers rp LEFT JOIN inventories i ON i.resource_provider_uuid = rp.uuid ORDER BY rp.name";
        var rows = await database.ReadAsync(connection => connection.QueryAsync<ProviderRow>(
            new CommandDefinition(sql, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return Group(rows);
    }

    public async Task<ResourceProviderRecord?> TryGetProviderAsync(string name, CancellationToken cancellationToken = default)
    {
        var sql = $"SELECT {ProviderColumns} FROM resource_providers rp LEFT JOIN inventories i ON i.resource_provider_uuid = rp.uuid WHERE rp.name = @Name";
        var rows = await database.ReadAsync(connection => connection.QueryAsync<ProviderRow>(
            new CommandDefinition(sql, new { Name = name }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return Group(rows).SingleOrDefault();
    }

    public Task<bool> TryAllocateAsync(Guid consumerId, Guid providerUuid, long generation, IReadOnlyDictionary<string, int> resources,
        CancellationToken cancellationToken = default)
    {
        var now = DbValues.Time(_time.GetUtcNow());
        var consumer = DbValues.Id(consumerId);
        var provider = DbValues.Id(providerUuid);
        return database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var won = await connection.ExecuteAsync(new CommandDefinition(BumpGenerationSql,
                new { Provider = provider, Generation = generation, Now = now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (won == 0)
            {
                return false;
            }
            await ReleaseInAsync(connection, transaction, consumer, now, cancellationToken).ConfigureAwait(false);
            foreach (var (resourceClass, used) in resources.Where(r => r.Value > 0))
            {
                var parameters = new { Provider = provider, Consumer = consumer, ResourceClass = resourceClass, Used = used, Now = now };
                await connection.ExecuteAsync(new CommandDefinition(AddUsageSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(InsertAllocationSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task ReleaseAsync(Guid consumerId, CancellationToken cancellationToken = default)
    {
        var now = DbValues.Time(_time.GetUtcNow());
        return database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ReleaseInAsync(connection, transaction, DbValues.Id(consumerId), now, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<AllocationRecord>> GetAllocationsAsync(Guid consumerId, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<AllocationRow>(new CommandDefinition(
            ConsumerAllocationsSql, new { Consumer = DbValues.Id(consumerId) }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new AllocationRecord(Guid.Parse(r.ConsumerId), Guid.Parse(r.ResourceProviderUuid), r.ResourceClass, r.Used)).ToList();
    }

    /// <summary>Gives back the consumer's usage and bumps each provider it leaves (Placement does too, so readers see the change).</summary>
    private static async Task ReleaseInAsync(DbConnection connection, DbTransaction transaction, string consumer, string now, CancellationToken cancellationToken)
    {
        var held = (await connection.QueryAsync<AllocationRow>(new CommandDefinition(ConsumerAllocationsSql, new { Consumer = consumer },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (held.Count == 0)
        {
            return;
        }
        foreach (var row in held)
        {
            await connection.ExecuteAsync(new CommandDefinition(AddUsageSql,
                new { Provider = row.ResourceProviderUuid, row.ResourceClass, Used = -row.Used }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        foreach (var provider in held.Select(r => r.ResourceProviderUuid).Distinct())
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE resource_providers SET generation = generation + 1, updated_at = @Now WHERE uuid = @Provider",
                new { Provider = provider, Now = now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM allocations WHERE consumer_id = @Consumer",
            new { Consumer = consumer }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static List<ResourceProviderRecord> Group(IEnumerable<ProviderRow> rows)
    {
        var providers = new List<ResourceProviderRecord>();
        foreach (var group in rows.GroupBy(r => r.Uuid))
        {
            var first = group.First();
            var inventories = group.Where(r => r.ResourceClass is not null).ToDictionary(
                r => r.ResourceClass!, r => new InventoryRecord(r.ResourceClass!, r.Total, r.Reserved, r.AllocationRatio, r.Used));
            providers.Add(new ResourceProviderRecord(Guid.Parse(first.Uuid), first.Name, first.Host, first.Generation,
                first.HypervisorType, first.CpuArch, inventories));
        }
        return providers;
    }

    private sealed class ProviderRow
    {
        public string Uuid { get; set; } = "";
        public string Name { get; set; } = "";
        public string Host { get; set; } = "";
        public long Generation { get; set; }
        public string HypervisorType { get; set; } = "";
        public string CpuArch { get; set; } = "";
        public string? ResourceClass { get; set; }
        public int Total { get; set; }
        public int Reserved { get; set; }
        public double AllocationRatio { get; set; }
        public int Used { get; set; }
    }

    private sealed class AllocationRow
    {
        public string ConsumerId { get; set; } = "";
        public string ResourceProviderUuid { get; set; } = "";
        public string ResourceClass { get; set; } = "";
        public int Used { get; set; }
    }
}
