using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Kumo.Db.Database;

/// <summary>
/// One long-lived SQLite connection that keeps, for each SQL text it runs, the command that
/// compiled it, so the next run of the same text binds and steps the statements already prepared.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite keeps prepared statements only per command object (dotnet/efcore#14044),
/// and Dapper makes a new command for every call, so each store call parsed and planned its SQL
/// again: 8–10% of `kumo serve`'s CPU under the api benchmark (perf, 2026-12-01: sqlite3RunParser,
/// GetToken, the resolver and the planner). A store's SQL is a constant per call site, so a few
/// hundred texts cover every statement; texts past <see cref="Capacity"/> (IN-lists of every length)
/// simply run uncached. The connection is used by one caller at a time (the writer's gate, or a
/// reader rented from the pool), so a command is never shared between two running calls; a text
/// already out (a nested query of the same SQL) gets a fresh command.
/// </remarks>
internal sealed class PreparedStatementConnection(SqliteConnection inner) : DbConnection
{
    private const int Capacity = 512;
    private const int LongestCachedText = 8192;

    private readonly Dictionary<string, SqliteCommand> _idle = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cached = new(StringComparer.Ordinal);
    private int? _defaultTimeout;

    public SqliteConnection Inner => inner;

    [AllowNull]
    public override string ConnectionString
    {
        get => inner.ConnectionString;
        set => inner.ConnectionString = value;
    }

    public override string Database => inner.Database;

    public override string DataSource => inner.DataSource;

    public override string ServerVersion => inner.ServerVersion;

    public override ConnectionState State => inner.State;

    public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);

    public override void Open() => inner.Open();

    public override void Close() => inner.Close();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);

    protected override DbCommand CreateDbCommand() => new CachedCommand(this);

    /// <summary>The command compiled for <paramref name="sql"/> when one is idle, else a new one (kept on return while there is room).</summary>
    internal SqliteCommand Rent(string sql)
    {
        lock (_idle)
        {
            if (_idle.Remove(sql, out var idle))
            {
                return idle;
            }
        }
        var command = inner.CreateCommand();
        command.CommandText = sql;
        _defaultTimeout ??= command.CommandTimeout;
        return command;
    }

    internal void Return(SqliteCommand command)
    {
        command.Parameters.Clear();
        command.Transaction = null;
        command.CommandType = CommandType.Text;
        if (_defaultTimeout is { } timeout)
        {
            command.CommandTimeout = timeout;
        }
        var sql = command.CommandText;
        lock (_idle)
        {
            var keep = sql.Length <= LongestCachedText
                && (_cached.Contains(sql) || _cached.Count < Capacity && _cached.Add(sql))
                && _idle.TryAdd(sql, command);
            if (keep)
            {
                return;
            }
        }
        command.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_idle)
            {
                foreach (var command in _idle.Values)
                {
                    command.Dispose();
                }
                _idle.Clear();
            }
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
