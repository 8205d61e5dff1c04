using Dapper;
using Kumo.Db.Database;

namespace Kumo.Db.Stores;

public sealed class SqlKeyPairStore(KumoDatabase database) : IKeyPairStore
{
    private const string Columns = """
        id AS Id, name AS Name, user_id AS UserId, project_id AS ProjectId, fingerprint AS Fingerprint,
        public_key AS PublicKey, type AS Type, created_at AS CreatedAt
        """;

    public async Task<KeyPairRecord> CreateAsync(KeyPairRecord keyPair, CancellationToken cancellationToken = default)
    {
        var parameters = new
        {
            keyPair.Name,
            keyPair.UserId,
            keyPair.ProjectId,
            keyPair.Fingerprint,
            keyPair.PublicKey,
            keyPair.Type,
            CreatedAt = DbValues.Time(keyPair.CreatedAt),
        };
        try
        {
            var row = await database.WriteAsync(connection => connection.QuerySingleAsync<KeyPairRow>(new CommandDefinition($"""
                INSERT INTO key_pairs (name, user_id, project_id, fingerprint, public_key, type, created_at)
                VALUES (@Name, @UserId, @ProjectId, @Fingerprint, @PublicKey, @Type, @CreatedAt)
                RETURNING {Columns}
                """, parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
            return row.ToRecord();
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
            throw new KeyPairExistsException(keyPair.Name);
        }
    }

    public async Task<KeyPairRecord> GetAsync(string userId, string name, CancellationToken cancellationToken = default)
    {
        var row = await database.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<KeyPairRow>(new CommandDefinition(
            $"SELECT {Columns} FROM key_pairs WHERE user_id = @UserId AND name = @Name", new { UserId = userId, Name = name },
            cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return row?.ToRecord() ?? throw new KeyPairNotFoundException(name, userId);
    }

    public async Task<IReadOnlyList<KeyPairRecord>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<KeyPairRow>(new CommandDefinition(
            $"SELECT {Columns} FROM key_pairs WHERE user_id = @UserId ORDER BY name", new { UserId = userId },
            cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public Task<int> CountAsync(string userId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM key_pairs WHERE user_id = @UserId", new { UserId = userId }, cancellationToken: cancellationToken)),
            cancellationToken);

    public async Task DeleteAsync(string userId, string name, CancellationToken cancellationToken = default)
    {
        var removed = await database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM key_pairs WHERE user_id = @UserId AND name = @Name", new { UserId = userId, Name = name },
            cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        if (removed == 0)
        {
            throw new KeyPairNotFoundException(name, userId);
        }
    }

    private sealed class KeyPairRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string UserId { get; set; } = "";
        public string ProjectId { get; set; } = "";
        public string Fingerprint { get; set; } = "";
        public string PublicKey { get; set; } = "";
        public string Type { get; set; } = "";
        public string CreatedAt { get; set; } = "";

        public KeyPairRecord ToRecord() => new(Id, Name, UserId, ProjectId, Fingerprint, PublicKey, Type, DbValues.ParseTime(CreatedAt));
    }
}
