using Kumo.Db.Database;
using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

public sealed class SqlUserStore(KumoDatabase database, TimeProvider? timeProvider = null) : IUserStore
{
    private const string Columns = """
        id AS Id, name AS Name, domain_id AS DomainId, enabled AS Enabled, default_project_id AS DefaultProjectId,
        description AS Description, email AS Email, password_hash AS PasswordHash, password_expires_at AS PasswordExpiresAt
        """;

    private readonly IdentitySql _sql = new(database);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public Task CreateAsync(User user, CancellationToken cancellationToken = default) =>
        _sql.ExecuteUniqueAsync("""
            INSERT INTO identity_users (id, name, domain_id, enabled, default_project_id, description, email, password_hash, password_expires_at, created_at)
            VALUES (@Id, @Name, @DomainId, @Enabled, @DefaultProjectId, @Description, @Email, @PasswordHash, @PasswordExpiresAt, @CreatedAt)
            """, Parameters(user), "user", Duplicate(user), cancellationToken);

    public async Task<User?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await _sql.SingleOrDefaultAsync<UserRow>($"SELECT {Columns} FROM identity_users WHERE id = @Id", new { Id = id }, cancellationToken)
            .ConfigureAwait(false))?.ToUser();

    public async Task<User?> FindByNameAsync(string domainId, string name, CancellationToken cancellationToken = default) =>
        (await _sql.SingleOrDefaultAsync<UserRow>($"SELECT {Columns} FROM identity_users WHERE domain_id = @DomainId AND name = @Name",
            new { DomainId = domainId, Name = name }, cancellationToken).ConfigureAwait(false))?.ToUser();

    public async Task<IReadOnlyList<User>> ListAsync(IdentityFilter filter, CancellationToken cancellationToken = default)
    {
        var where = IdentitySql.Where(("name", "Name", filter.Name), ("domain_id", "DomainId", filter.DomainId), ("enabled", "Enabled", filter.Enabled));
        var rows = await _sql.QueryAsync<UserRow>($"SELECT {Columns} FROM identity_users {where} ORDER BY name, id",
            new { filter.Name, filter.DomainId, Enabled = filter.Enabled is { } e ? DbValues.Flag(e) : (int?)null }, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToUser()).ToList();
    }

    public Task UpdateAsync(User user, CancellationToken cancellationToken = default) =>
        _sql.ExecuteUniqueAsync("""
            UPDATE identity_users SET name = @Name, enabled = @Enabled, default_project_id = @DefaultProjectId, description = @Description,
                email = @Email, password_hash = @PasswordHash, password_expires_at = @PasswordExpiresAt
            WHERE id = @Id
            """, Parameters(user), "user", Duplicate(user), cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await _sql.ExecuteAsync("DELETE FROM identity_users WHERE id = @Id", new { Id = id }, cancellationToken).ConfigureAwait(false) > 0;

    private object Parameters(User user) => new
    {
        user.Id, user.Name, user.DomainId, Enabled = DbValues.Flag(user.Enabled), user.DefaultProjectId, user.Description, user.Email,
        user.PasswordHash, PasswordExpiresAt = DbValues.TimeOrNull(user.PasswordExpiresAt), CreatedAt = DbValues.Time(_time.GetUtcNow()),
    };

    private static string Duplicate(User user) => $"Duplicate entry found with name {user.Name} at domain ID {user.DomainId}.";

    private sealed class UserRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string DomainId { get; set; } = "";
        public long Enabled { get; set; }
        public string? DefaultProjectId { get; set; }
        public string? Description { get; set; }
        public string? Email { get; set; }
        public string? PasswordHash { get; set; }
        public string? PasswordExpiresAt { get; set; }

        public User ToUser() => new(Id, Name, DomainId, Enabled != 0, DefaultProjectId, Description, Email, PasswordHash)
        {
            PasswordExpiresAt = DbValues.ParseTimeOrNull(PasswordExpiresAt),
        };
    }
}
