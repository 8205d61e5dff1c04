using Kumo.Db.Database;
using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

public sealed class SqlTokenStore(KumoDatabase database) : ITokenStore
{
    private const string Columns = """
        token_hash AS Hash, user_id AS UserId, project_id AS ProjectId, domain_id AS DomainId, role_ids_json AS RoleIdsJson,
        methods_json AS MethodsJson, audit_id AS AuditId, issued_at AS IssuedAt, expires_at AS ExpiresAt, revoked AS Revoked
        """;

    private readonly IdentitySql _sql = new(database);

    public Task AddAsync(StoredToken token, CancellationToken cancellationToken = default) =>
        _sql.ExecuteAsync("""
            INSERT INTO identity_tokens (token_hash, user_id, project_id, domain_id, role_ids_json, methods_json, audit_id, issued_at, expires_at, revoked)
            VALUES (@Hash, @UserId, @ProjectId, @DomainId, @RoleIdsJson, @MethodsJson, @AuditId, @IssuedAt, @ExpiresAt, @Revoked)
            """,
            new
            {
                token.Hash, token.UserId, token.ProjectId, token.DomainId, RoleIdsJson = DbJson.Serialize(token.RoleIds),
                MethodsJson = DbJson.Serialize(token.Methods), token.AuditId, IssuedAt = DbValues.Time(token.IssuedAt),
                ExpiresAt = DbValues.Time(token.ExpiresAt), Revoked = DbValues.Flag(token.Revoked),
            }, cancellationToken);

    public async Task<StoredToken?> FindAsync(string hash, CancellationToken cancellationToken = default) =>
        (await _sql.SingleOrDefaultAsync<TokenRow>($"SELECT {Columns} FROM identity_tokens WHERE token_hash = @Hash", new { Hash = hash }, cancellationToken)
            .ConfigureAwait(false))?.ToToken();

    public async Task<bool> RevokeAsync(string hash, CancellationToken cancellationToken = default) =>
        await _sql.ExecuteAsync("UPDATE identity_tokens SET revoked = 1 WHERE token_hash = @Hash AND revoked = 0", new { Hash = hash }, cancellationToken)
            .ConfigureAwait(false) > 0;

    public async Task<IReadOnlyList<string>> RevokeMatchingAsync(string? userId, string? projectId, CancellationToken cancellationToken = default)
    {
        var where = IdentitySql.Where(("user_id", "UserId", userId), ("project_id", "ProjectId", projectId));
        if (where.Length == 0)
        {
            throw new ArgumentException("Name the user or project whose tokens are revoked.");
        }
        var hashes = await _sql.Database.WriteAsync(connection => Dapper.SqlMapper.QueryAsync<string>(connection, new Dapper.CommandDefinition(
            $"UPDATE identity_tokens SET revoked = 1 {where} AND revoked = 0 RETURNING token_hash", new { UserId = userId, ProjectId = projectId },
            cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return hashes.ToList();
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        _sql.ExecuteAsync("DELETE FROM identity_tokens WHERE expires_at < @Before", new { Before = DbValues.Time(before) }, cancellationToken);

    private sealed class TokenRow
    {
        public string Hash { get; set; } = "";
        public string UserId { get; set; } = "";
        public string? ProjectId { get; set; }
        public string? DomainId { get; set; }
        public string RoleIdsJson { get; set; } = "[]";
        public string MethodsJson { get; set; } = "[]";
        public string AuditId { get; set; } = "";
        public string IssuedAt { get; set; } = "";
        public string ExpiresAt { get; set; } = "";
        public long Revoked { get; set; }

        public StoredToken ToToken() => new(Hash, UserId, ProjectId, DomainId, DbJson.Deserialize<List<string>>(RoleIdsJson),
            DbJson.Deserialize<List<string>>(MethodsJson), AuditId, DbValues.ParseTime(IssuedAt), DbValues.ParseTime(ExpiresAt), Revoked != 0);
    }
}
