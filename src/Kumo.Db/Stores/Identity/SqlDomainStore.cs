using Kumo.Db.Database;
using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

public sealed class SqlDomainStore(KumoDatabase database, TimeProvider? timeProvider = null) : IDomainStore
{
    private const string Columns = "id AS Id, name AS Name, description AS Description, enabled AS Enabled";

    private readonly IdentitySql _sql = new(database);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public Task CreateAsync(Domain domain, CancellationToken cancellationToken = default) =>
        _sql.ExecuteUniqueAsync(
            "INSERT INTO identity_domains (id, name, description, enabled, created_at) VALUES (@Id, @Name, @Description, @Enabled, @CreatedAt)",
            new { domain.Id, domain.Name, domain.Description, Enabled = DbValues.Flag(domain.Enabled), CreatedAt = DbValues.Time(_time.GetUtcNow()) },
            "domain", $"Duplicate entry found with name {domain.Name}.", cancellationToken);

    public async Task<Domain?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await _sql.SingleOrDefaultAsync<DomainRow>($"SELECT {Columns} FROM identity_domains WHERE id = @Id", new { Id = id }, cancellationToken)
            .ConfigureAwait(false))?.ToDomain();

    public async Task<Domain?> FindByNameAsync(string name, CancellationToken cancellationToken = default) =>
        (await _sql.SingleOrDefaultAsync<DomainRow>($"SELECT {Columns} FROM identity_domains WHERE name = @Name", new { Name = name }, cancellationToken)
            .ConfigureAwait(false))?.ToDomain();

    public async Task<IReadOnlyList<Domain>> ListAsync(IdentityFilter filter, CancellationToken cancellationToken = default)
    {
        var where = IdentitySql.Where(("name", "Name", filter.Name), ("enabled", "Enabled", filter.Enabled));
        var rows = await _sql.QueryAsync<DomainRow>($"SELECT {Columns} FROM identity_domains {where} ORDER BY name",
            new { filter.Name, Enabled = filter.Enabled is { } e ? DbValues.Flag(e) : (int?)null }, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public Task UpdateAsync(Domain domain, CancellationToken cancellationToken = default) =>
        _sql.ExecuteUniqueAsync("UPDATE identity_domains SET name = @Name, description = @Description, enabled = @Enabled WHERE id = @Id",
            new { domain.Id, domain.Name, domain.Description, Enabled = DbValues.Flag(domain.Enabled) },
            "domain", $"Duplicate entry found with name {domain.Name}.", cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await _sql.ExecuteAsync("DELETE FROM identity_domains WHERE id = @Id", new { Id = id }, cancellationToken).ConfigureAwait(false) > 0;

    private sealed class DomainRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public long Enabled { get; set; }

        public Domain ToDomain() => new(Id, Name, Description, Enabled != 0);
    }
}
