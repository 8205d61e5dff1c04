using Dapper;
using Kumo.Db.Database;
using Kumo.Db.Tests.Support;

namespace Kumo.Db.Tests.Database;

/// <summary>
/// The connections keep each SQL text's compiled statements between calls: what the stores rely on
/// must hold exactly as with a fresh command every time (parameters, transactions, fresh snapshots).
/// </summary>
public sealed class PreparedStatementTests : IAsyncLifetime
{
    private readonly string _directory = TestStores.NewTempDirectory();
    private SqliteDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = SqliteDatabase.Open(Path.Combine(_directory, "kumo.db"));
        await _database.WriteAsync(c => c.ExecuteAsync("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"));
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_statement_run_again_binds_the_new_parameters_only()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _database.WriteAsync(c => c.ExecuteAsync("INSERT INTO items (id, name) VALUES (@id, @name)", new { id = i, name = $"n{i}" }));
        }

        var names = await _database.ReadAsync(async c =>
        {
            var found = new List<string?>();
            foreach (var id in new[] { 2, 3, 1, 42 })
            {
                found.Add(await c.QuerySingleOrDefaultAsync<string>("SELECT name FROM items WHERE id = @id", new { id }));
            }
            return found;
        });

        Assert.Equal(["n2", "n3", "n1", null], names);
    }

    [Fact]
    public async Task A_cached_statement_joins_the_transaction_it_is_given_and_a_rollback_undoes_it()
    {
        const string insert = "INSERT INTO items (id, name) VALUES (@id, 'x')";
        await _database.WriteAsync(c => c.ExecuteAsync(insert, new { id = 1 })); // compiled and kept

        await Assert.ThrowsAsync<CallerFailedException>(() => _database.WriteAsync(async c =>
        {
            await using var transaction = await c.BeginTransactionAsync();
            await c.ExecuteAsync(insert, new { id = 2 }, transaction);
            throw new CallerFailedException();
        }));

        Assert.Equal([1L], await Ids());
    }

    [Fact]
    public async Task A_reader_kept_in_the_pool_sees_writes_made_after_its_last_read()
    {
        const string count = "SELECT COUNT(*) FROM items";
        Assert.Equal(0L, await _database.ReadAsync(c => c.ExecuteScalarAsync<long>(count)));

        await _database.WriteAsync(c => c.ExecuteAsync("INSERT INTO items (id, name) VALUES (1, 'a')"));

        // Every idle reader (the one that ran the count included) must start a fresh snapshot.
        var counts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _database.ReadAsync(c => c.ExecuteScalarAsync<long>(count))));
        Assert.All(counts, n => Assert.Equal(1L, n));
    }

    [Fact]
    public async Task A_query_nested_inside_an_open_reader_of_the_same_text_gets_its_own_statement()
    {
        await _database.WriteAsync(c => c.ExecuteAsync("INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')"));
        const string select = "SELECT id, name FROM items WHERE id >= @from ORDER BY id";

        var pairs = await _database.ReadAsync(async c =>
        {
            var found = new List<(long, long)>();
            using var outer = await c.ExecuteReaderAsync(select, new { from = 1 });
            while (await outer.ReadAsync())
            {
                var inner = await c.QueryAsync<long>("SELECT id FROM items WHERE id >= @from ORDER BY id", new { from = outer.GetInt64(0) });
                found.AddRange(inner.Select(id => (outer.GetInt64(0), id)));
            }
            return found;
        });

        Assert.Equal([(1L, 1L), (1L, 2L), (2L, 2L)], pairs);
    }

    [Fact]
    public async Task A_statement_compiled_before_a_schema_change_runs_after_it()
    {
        const string select = "SELECT * FROM items ORDER BY id";
        await _database.WriteAsync(c => c.ExecuteAsync("INSERT INTO items (id, name) VALUES (1, 'a')"));
        Assert.Single(await _database.WriteAsync(c => c.QueryAsync(select)));

        await _database.WriteAsync(c => c.ExecuteAsync("ALTER TABLE items ADD COLUMN tag TEXT NOT NULL DEFAULT 't'"));

        var row = (IDictionary<string, object>)Assert.Single(await _database.WriteAsync(c => c.QueryAsync(select)));
        Assert.Equal("t", row["tag"]);
    }

    [Fact]
    public async Task More_distinct_texts_than_the_cache_keeps_still_run()
    {
        // IN-lists of every length are distinct texts; past the cache's room they run uncached.
        var ids = Enumerable.Range(1, 700).ToArray();
        await _database.WriteAsync(async c =>
        {
            foreach (var id in ids)
            {
                await c.ExecuteAsync("INSERT INTO items (id, name) VALUES (@id, 'x')", new { id });
            }
        });

        var counts = new List<long>();
        for (var n = 1; n <= ids.Length; n += 1)
        {
            var inList = string.Join(",", ids.Take(n));
            counts.Add(await _database.ReadAsync(c => c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM items WHERE id IN ({inList})")));
        }

        Assert.Equal(Enumerable.Range(1, ids.Length).Select(n => (long)n), counts);
    }

    private sealed class CallerFailedException() : Exception("the caller fails before commit");

    private Task<List<long>> Ids() =>
        _database.ReadAsync(async c => (await c.QueryAsync<long>("SELECT id FROM items ORDER BY id")).ToList());
}
