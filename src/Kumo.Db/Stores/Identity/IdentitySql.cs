using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

/// <summary>The identity stores' few Dapper calls, with unique violations turned into Keystone's 409.</summary>
internal sealed class IdentitySql(KumoDatabase database)
{
    public KumoDatabase Database => database;

    public Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        database.WriteAsync(c => c.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>An insert or update that may break a unique name: the conflict names the entity and what clashed.</summary>
    public async Task<int> ExecuteUniqueAsync(string sql, object parameters, string kind, string details, CancellationToken cancellationToken)
    {
        try
        {
            return await ExecuteAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
            throw new IdentityConflictException(kind, details);
        }
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken)
            .ConfigureAwait(false);
        return rows.AsList();
    }

    public Task<T?> SingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        database.ReadAsync(c => c.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>Builds "WHERE a = @A AND b = @B" from the filters that are set (values travel as parameters).</summary>
    public static string Where(params (string Column, string Parameter, object? Value)[] filters)
    {
        var set = filters.Where(f => f.Value is not null).Select(f => $"{f.Column} = @{f.Parameter}").ToList();
        return set.Count == 0 ? "" : "WHERE " + string.Join(" AND ", set);
    }
}
