namespace Kumo.Db.Database;

/// <summary>
/// Ids for an <c>IN @Ids</c> query, in chunks. Dapper expands the list into one parameter per id, and
/// SQLite finds each parameter by name with a linear scan, so one statement of n ids costs O(n²): the
/// addresses of a 1,000-server list took 45–210 ms as one IN of 1,000 and 7–40 ms as ten of 100
/// (ui.server_list_ms). PostgreSQL has a 65,535-parameter limit per statement as well.
/// </summary>
public static class IdChunks
{
    public const int Size = 100;

    /// <summary>Runs <paramref name="query"/> once per chunk of the ids (as stored) on one connection, in order, and joins the rows.</summary>
    public static async Task<List<TRow>> QueryAsync<TRow>(KumoDatabase database, IReadOnlyCollection<Guid> ids,
        Func<System.Data.Common.DbConnection, string[], Task<IEnumerable<TRow>>> query, CancellationToken cancellationToken)
    {
        return await database.ReadAsync(async connection =>
        {
            var rows = new List<TRow>(ids.Count);
            foreach (var chunk in ids.Select(DbValues.Id).Chunk(Size))
            {
                rows.AddRange(await query(connection, chunk).ConfigureAwait(false));
            }
            return rows;
        }, cancellationToken).ConfigureAwait(false);
    }
}
