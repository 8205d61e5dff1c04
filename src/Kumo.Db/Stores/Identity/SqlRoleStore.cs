using Kumo.Db.Database;
using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

public sealed class SqlRoleStore(KumoDatabase database, TimeProvider? timeProvider = null) : IRoleStore
{
    private const string Columns = "id AS Id, name AS Name, domain_id AS DomainId, description AS Description";

    private readonly IdentitySql _sql = new(database);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public Task CreateAsync(Role role, CancellationToken cancellationToken = default) =>
        _sql.ExecuteUniqueAsync("INSERT INTO identity_roles (id, name, domain_id, description, created_at) VALUES (@Id, @Name, @DomainId, @Description, @CreatedAt)",
            new { role.Id, role.Name, DomainId = role.DomainId ?? "", role.Description, CreatedAt = DbValues.Time(_time.GetUtcNow()) },
            "role", $"Duplicate entry found with name {role.Name}.", cancellationToken);

    public async Task<Role?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await _sql.SingleOrDefaultAsync<RoleRow>($"SELECT {Columns} FROM identity_roles WHERE id = @Id", new { Id = id }, cancellationToken)
            .ConfigureAwait(false))?.ToRole();

    public async Task<IReadOnlyList<Role>> ListAsync(IdentityFilter filter, CancellationToken cancellationToken = default)
    {
        // Keystone lists global roles unless ?domain_id= asks for one domain's.
        var where = IdentitySql.Where(("name", "Name", filter.Name), ("domain_id", "DomainId", filter.DomainId ?? ""));
        var rows = await _sql.QueryAsync<RoleRow>($"SELECT {Columns} FROM identity_roles {where} ORDER BY name",
            new { filter.Name, DomainId = filter.DomainId ?? "" }, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToRole()).ToList();
    }

    public Task UpdateAsync(Role role, CancellationToken cancellationToken = default) =>
        _sql.ExecuteUniqueAsync("UPDATE identity_roles SET name = @Name, description = @Description WHERE id = @Id",
            new { role.Id, role.Name, role.Description }, "role", $"Duplicate entry found with name {role.Name}.", cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        _sql.Database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Dapper.SqlMapper.ExecuteAsync(connection, new Dapper.CommandDefinition(
                "DELETE FROM identity_implied_roles WHERE prior_role_id = @Id OR implied_role_id = @Id", new { Id = id }, transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            var deleted = await Dapper.SqlMapper.ExecuteAsync(connection, new Dapper.CommandDefinition(
                "DELETE FROM identity_roles WHERE id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return deleted > 0;
        }, cancellationToken);

    public Task AddImpliedAsync(ImpliedRole implied, CancellationToken cancellationToken = default) =>
        _sql.ExecuteAsync("""
            INSERT INTO identity_implied_roles (prior_role_id, implied_role_id) VALUES (@PriorRoleId, @ImpliedRoleId)
            ON CONFLICT (prior_role_id, implied_role_id) DO NOTHING
            """, implied, cancellationToken);

    public async Task<bool> RemoveImpliedAsync(ImpliedRole implied, CancellationToken cancellationToken = default) =>
        await _sql.ExecuteAsync("DELETE FROM identity_implied_roles WHERE prior_role_id = @PriorRoleId AND implied_role_id = @ImpliedRoleId",
            implied, cancellationToken).ConfigureAwait(false) > 0;

    public async Task<IReadOnlyList<ImpliedRole>> ListImpliedAsync(CancellationToken cancellationToken = default)
    {
        var rows = await _sql.QueryAsync<ImpliedRow>(
            "SELECT prior_role_id AS PriorRoleId, implied_role_id AS ImpliedRoleId FROM identity_implied_roles ORDER BY prior_role_id, implied_role_id",
            null, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new ImpliedRole(r.PriorRoleId, r.ImpliedRoleId)).ToList();
    }

    private sealed class RoleRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string DomainId { get; set; } = "";
        public string Description { get; set; } = "";

        public Role ToRole() => new(Id, Name, DomainId.Length == 0 ? null : DomainId, Description);
    }

    private sealed class ImpliedRow
    {
        public string PriorRoleId { get; set; } = "";
        public string ImpliedRoleId { get; set; } = "";
    }
}
