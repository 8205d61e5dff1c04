using Dapper;
using Kumo.Db.Database;

namespace Kumo.Db.Stores;

public sealed class SqlFlavorAccessStore(KumoDatabase database, TimeProvider? timeProvider = null) : IFlavorAccessStore
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<IReadOnlyList<string>> ListProjectsAsync(string flavorId, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<string>(new CommandDefinition(
            "SELECT project_id FROM flavor_projects WHERE flavor_id = @FlavorId ORDER BY project_id",
            new { FlavorId = flavorId }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<IReadOnlySet<string>> ListFlavorsAsync(string projectId, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<string>(new CommandDefinition(
            "SELECT flavor_id FROM flavor_projects WHERE project_id = @ProjectId",
            new { ProjectId = projectId }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.ToHashSet(StringComparer.Ordinal);
    }

    public async Task AddAsync(string flavorId, string projectId, CancellationToken cancellationToken = default)
    {
        var added = await database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO flavor_projects (flavor_id, project_id, created_at) VALUES (@FlavorId, @ProjectId, @CreatedAt)
            ON CONFLICT (flavor_id, project_id) DO NOTHING
            """, new { FlavorId = flavorId, ProjectId = projectId, CreatedAt = DbValues.Time(_time.GetUtcNow()) },
            cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        if (added == 0)
        {
            throw new FlavorAccessExistsException(flavorId, projectId);
        }
    }

    public async Task RemoveAsync(string flavorId, string projectId, CancellationToken cancellationToken = default)
    {
        var removed = await database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM flavor_projects WHERE flavor_id = @FlavorId AND project_id = @ProjectId",
            new { FlavorId = flavorId, ProjectId = projectId }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        if (removed == 0)
        {
            throw new FlavorAccessNotFoundException(flavorId, projectId);
        }
    }

    public Task RemoveAllAsync(string flavorId, CancellationToken cancellationToken = default) =>
        database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM flavor_projects WHERE flavor_id = @FlavorId", new { FlavorId = flavorId }, cancellationToken: cancellationToken)),
            cancellationToken);
}
