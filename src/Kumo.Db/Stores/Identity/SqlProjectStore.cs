using Kumo.Db.Database;
using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

public sealed class SqlProjectStore(KumoDatabase database, TimeProvider? timeProvider = null) : IProjectStore
{
    private const string Columns = "id AS Id, name AS Name, domain_id AS DomainId, description AS Description, enabled AS Enabled, parent_id AS ParentId";

    private readonly IdentitySql _sql = new(database);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public Task CreateAsync(Project project, CancellationToken cancellationToken = default) =>
        _sql.ExecuteUniqueAsync("""
            INSERT INTO identity_projects (id, name, domain_id, description, enabled, parent_id, created_at)
            VALUES (@Id, @Name, @DomainId, @Description, @Enabled, @ParentId, @CreatedAt)
            """,
            new
            {
                project.Id, project.Name, project.DomainId, project.Description, Enabled = DbValues.Flag(project.Enabled), project.ParentId,
                CreatedAt = DbValues.Time(_time.GetUtcNow()),
            },
            "project", Duplicate(project), cancellationToken);

    public async Task<Project?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await _sql.SingleOrDefaultAsync<ProjectRow>($"SELECT {Columns} FROM identity_projects WHERE id = @Id", new { Id = id }, cancellationToken)
            .ConfigureAwait(false))?.ToProject();

    public async Task<Project?> FindByNameAsync(string domainId, string name, CancellationToken cancellationToken = default) =>
        (await _sql.SingleOrDefaultAsync<ProjectRow>($"SELECT {Columns} FROM identity_projects WHERE domain_id = @DomainId AND name = @Name",
            new { DomainId = domainId, Name = name }, cancellationToken).ConfigureAwait(false))?.ToProject();

    public async Task<IReadOnlyList<Project>> ListAsync(IdentityFilter filter, CancellationToken cancellationToken = default)
    {
        var where = IdentitySql.Where(("name", "Name", filter.Name), ("domain_id", "DomainId", filter.DomainId), ("enabled", "Enabled", filter.Enabled));
        var rows = await _sql.QueryAsync<ProjectRow>($"SELECT {Columns} FROM identity_projects {where} ORDER BY name, id",
            new { filter.Name, filter.DomainId, Enabled = filter.Enabled is { } e ? DbValues.Flag(e) : (int?)null }, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToProject()).ToList();
    }

    public Task UpdateAsync(Project project, CancellationToken cancellationToken = default) =>
        _sql.ExecuteUniqueAsync("UPDATE identity_projects SET name = @Name, description = @Description, enabled = @Enabled WHERE id = @Id",
            new { project.Id, project.Name, project.Description, Enabled = DbValues.Flag(project.Enabled) },
            "project", Duplicate(project), cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await _sql.ExecuteAsync("DELETE FROM identity_projects WHERE id = @Id", new { Id = id }, cancellationToken).ConfigureAwait(false) > 0;

    private static string Duplicate(Project project) => $"Duplicate entry found with name {project.Name} at domain ID {project.DomainId}.";

    private sealed class ProjectRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string DomainId { get; set; } = "";
        public string Description { get; set; } = "";
        public long Enabled { get; set; }
        public string? ParentId { get; set; }

        public Project ToProject() => new(Id, Name, DomainId, Description, Enabled != 0, ParentId);
    }
}
