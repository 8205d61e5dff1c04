using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Errors;
using Kumo.Objects.Flavors;

namespace Kumo.Db.Stores;

/// <summary>
/// Flavors are soft-deleted; creating a flavor with a deleted flavor's id revives that row (an id
/// stays the primary key), and names are unique among live flavors only.
/// </summary>
public sealed class SqlFlavorStore(KumoDatabase database, TimeProvider? timeProvider = null) : IFlavorStore
{
    private const string Columns = """
        id AS Id, name AS Name, vcpus AS Vcpus, memory_mb AS MemoryMb, root_gb AS RootGb,
        ephemeral_gb AS EphemeralGb, swap_mb AS SwapMb, is_public AS IsPublic,
        extra_specs_json AS ExtraSpecsJson, rxtx_factor AS RxtxFactor, description AS Description
        """;

    // DO UPDATE ... WHERE deleted = 1 changes 0 rows when the id belongs to a live flavor.
    private const string CreateSql = """
        INSERT INTO flavors (id, name, vcpus, memory_mb, root_gb, ephemeral_gb, swap_mb, is_public, extra_specs_json, rxtx_factor, description, created_at, deleted)
        VALUES (@Id, @Name, @Vcpus, @MemoryMb, @RootGb, @EphemeralGb, @SwapMb, @IsPublic, @ExtraSpecsJson, @RxtxFactor, @Description, @CreatedAt, 0)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, vcpus = excluded.vcpus,
            memory_mb = excluded.memory_mb, root_gb = excluded.root_gb, ephemeral_gb = excluded.ephemeral_gb,
            swap_mb = excluded.swap_mb, is_public = excluded.is_public,
            extra_specs_json = excluded.extra_specs_json, rxtx_factor = excluded.rxtx_factor,
            description = excluded.description, created_at = excluded.created_at, deleted = 0
        WHERE flavors.deleted = 1
        """;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task CreateAsync(Flavor flavor, CancellationToken cancellationToken = default)
    {
        var parameters = new
        {
            flavor.Id,
            flavor.Name,
            flavor.Vcpus,
            flavor.MemoryMb,
            flavor.RootGb,
            flavor.EphemeralGb,
            flavor.SwapMb,
            IsPublic = DbValues.Flag(flavor.IsPublic),
            ExtraSpecsJson = DbJson.Serialize(flavor.ExtraSpecs),
            flavor.RxtxFactor,
            flavor.Description,
            CreatedAt = DbValues.Time(_time.GetUtcNow()),
        };
        int changed;
        try
        {
            changed = await database.WriteAsync(connection => connection.ExecuteAsync(
                new CommandDefinition(CreateSql, parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
            // Nova's FlavorExists message; the only other unique key is the primary key, handled below.
            throw new InvalidRequestException($"Flavor with name {flavor.Name} already exists.");
        }
        if (changed == 0)
        {
            throw new InvalidRequestException($"Flavor with ID {flavor.Id} already exists.");
        }
    }

    public async Task<Flavor> GetAsync(string flavorId, CancellationToken cancellationToken = default)
    {
        var row = await database.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<FlavorRow>(new CommandDefinition(
            $"SELECT {Columns} FROM flavors WHERE id = @Id AND deleted = 0", new { Id = flavorId }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return row?.ToFlavor() ?? throw new FlavorNotFoundException(flavorId);
    }

    public async Task<IReadOnlyList<Flavor>> ListAsync(CancellationToken cancellationToken = default)
    {
        // Nova's flavor list sorts by flavorid by default.
        var rows = await database.ReadAsync(connection => connection.QueryAsync<FlavorRow>(new CommandDefinition(
            $"SELECT {Columns} FROM flavors WHERE deleted = 0 ORDER BY id", cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToFlavor()).ToList();
    }

    public async Task DeleteAsync(string flavorId, CancellationToken cancellationToken = default)
    {
        var changed = await database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE flavors SET deleted = 1 WHERE id = @Id AND deleted = 0", new { Id = flavorId }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new FlavorNotFoundException(flavorId);
        }
    }

    public Task<Flavor> UpdateDescriptionAsync(string flavorId, string? description, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<FlavorRow>(new CommandDefinition(
                $"UPDATE flavors SET description = @Description WHERE id = @Id AND deleted = 0 RETURNING {Columns}",
                new { Id = flavorId, Description = description }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToFlavor() ?? throw new FlavorNotFoundException(flavorId);
        }, cancellationToken);

    // Read and written on the writer's connection, so two concurrent edits of one flavor's specs never lose one.
    public Task<IReadOnlyDictionary<string, string>> UpdateExtraSpecsAsync(string flavorId,
        Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> update, CancellationToken cancellationToken = default) =>
        database.WriteAsync<IReadOnlyDictionary<string, string>>(async connection =>
        {
            var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "SELECT extra_specs_json FROM flavors WHERE id = @Id AND deleted = 0", new { Id = flavorId },
                cancellationToken: cancellationToken)).ConfigureAwait(false) ?? throw new FlavorNotFoundException(flavorId);
            var updated = update(DbJson.Dictionary(json));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE flavors SET extra_specs_json = @Json WHERE id = @Id AND deleted = 0",
                new { Id = flavorId, Json = DbJson.Serialize(updated) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return updated;
        }, cancellationToken);

    private sealed class FlavorRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public int Vcpus { get; set; }
        public int MemoryMb { get; set; }
        public int RootGb { get; set; }
        public int EphemeralGb { get; set; }
        public int SwapMb { get; set; }
        public int IsPublic { get; set; }
        public string ExtraSpecsJson { get; set; } = "{}";
        public double RxtxFactor { get; set; } = 1.0;
        public string? Description { get; set; }

        public Flavor ToFlavor() => new()
        {
            Id = Id,
            Name = Name,
            Vcpus = Vcpus,
            MemoryMb = MemoryMb,
            RootGb = RootGb,
            EphemeralGb = EphemeralGb,
            SwapMb = SwapMb,
            IsPublic = IsPublic != 0,
            ExtraSpecs = DbJson.Dictionary(ExtraSpecsJson),
            RxtxFactor = RxtxFactor,
            Description = Description,
        };
    }
}
