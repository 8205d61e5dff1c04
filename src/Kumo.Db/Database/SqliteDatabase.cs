using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Kumo.Db.Database;

/// <summary>
/// SQLite for the all-in-one deployment. All writes go through one dedicated connection guarded by a
/// semaphore; reads of a file database run concurrently on a pool of reader connections (WAL lets
/// readers proceed while the writer commits). Every connection keeps its compiled statements
/// (<see cref="PreparedStatementConnection"/>).
/// </summary>
/// <remarks>
/// Why one writer: SQLite admits one writer at a time anyway, and on this project's 2-core machines
/// (November 2026; a loop of 20,000 compare-and-set UPDATEs over a 1,000-row table, WAL,
/// synchronous=NORMAL) the dedicated connection did 14–33k saves/s from one task and 35–43k/s from
/// 8 tasks, against 3–9k/s and 4–8k/s when each save opened a pooled connection and relied on
/// SQLite's busy handler: pooled writers contend for the WAL write lock and back off by sleeping.
/// Pooled reads were as fast as a private reader pool (~70k/s from 1 task, ~150k/s from 8); the
/// private pool is kept because its connections keep their prepared statements, which
/// Microsoft.Data.Sqlite's pool (a new connection object per open) cannot.
/// </remarks>
public sealed class SqliteDatabase : KumoDatabase
{
    // Another process (an admin command) may hold the write lock briefly; wait rather than fail.
    private const int BusyTimeoutMs = 5000;

    // RETURNING, which the stores use, arrived in SQLite 3.35.
    private static readonly Version MinimumVersion = new(3, 35);

    // The WAL goes back into the database file from WalCheckpointer's thread, this often. The writer
    // checkpoints itself only past the larger threshold (a safety net should that thread fall
    // behind), and a WAL that grew is cut back to the limit once it restarts.
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(100);
    private const int WriterAutoCheckpointPages = 10_000;
    private const long WalSizeLimitBytes = 64L * 1024 * 1024;

    // Idle readers kept open: more concurrent reads than this open and close their own.
    private const int IdleReaders = 8;

    private readonly PreparedStatementConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly string? _readConnectionString;
    private readonly ConcurrentBag<PreparedStatementConnection> _readers = [];
    private volatile bool _disposed;
    private readonly WalCheckpointer? _checkpointer;

    private SqliteDatabase(SqliteConnection writer, string? readConnectionString, string dataSource, WalCheckpointer? checkpointer = null)
    {
        _writer = new PreparedStatementConnection(writer);
        _checkpointer = checkpointer;
        _readConnectionString = readConnectionString;
        DataSource = dataSource;
    }

    /// <summary>The file path, or the shared-cache name of an in-memory database.</summary>
    public string DataSource { get; }

    /// <summary>Background checkpoints that copied WAL frames into the database file so far (0 in memory).</summary>
    public long BackgroundCheckpoints => _checkpointer?.Checkpoints ?? 0;

    public override ISqlDialect Dialect => SqliteDialect.Instance;

    /// <summary>
    /// The database holds password hashes, keypairs' public keys and every user's servers: 0600 from
    /// its first byte (created empty here before SQLite opens it), and so are its -wal and -shm files,
    /// which SQLite creates with the database file's mode.
    /// </summary>
    private static void CreateOwnerOnly(string fullPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        if (!File.Exists(fullPath))
        {
            using (new FileStream(fullPath, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
            }
        }
        File.SetUnixFileMode(fullPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Opens (creating if needed) the database file at <paramref name="path"/> in WAL mode.</summary>
    public static SqliteDatabase Open(string path)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        CreateOwnerOnly(fullPath);
        var builder = new SqliteConnectionStringBuilder { DataSource = fullPath, Mode = SqliteOpenMode.ReadWriteCreate };
        builder.Pooling = false; // every connection lives as long as this object keeps it
        var readConnectionString = builder.ToString();
        var writer = OpenConnection(builder.ToString());
        try
        {
            var journalMode = Scalar(writer, "PRAGMA journal_mode = WAL");
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite database {fullPath} cannot use WAL journal mode (got '{journalMode}').");
            }
            // In WAL mode NORMAL fsyncs only at checkpoints: a commit survives a process crash but the
            // last ones may be lost on power loss. FULL (fsync per commit) caps saves near the disk's
            // fsync rate, far below the 2,000 saves/s that 200 builds/s need.
            Execute(writer, $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA foreign_keys = ON; "
                + $"PRAGMA wal_autocheckpoint = {WriterAutoCheckpointPages}; PRAGMA journal_size_limit = {WalSizeLimitBytes};");
            return new SqliteDatabase(writer, readConnectionString, fullPath, new WalCheckpointer(OpenConnection(readConnectionString), CheckpointInterval));
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An in-memory database for tests: a named shared-cache database that lives as long as this
    /// object's connection. Reads share that connection too, because shared-cache table locks make
    /// concurrent connections fail with SQLITE_LOCKED, which busy_timeout does not wait for.
    /// </summary>
    public static SqliteDatabase OpenInMemory(string? name = null)
    {
        name ??= "kumo-" + Guid.NewGuid().ToString("N");
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = name,
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
            Pooling = false,
        };
        var writer = OpenConnection(builder.ToString());
        Execute(writer, "PRAGMA foreign_keys = ON;");
        return new SqliteDatabase(writer, readConnectionString: null, name);
    }

    public override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        if (_readConnectionString is null)
        {
            return await WriteAsync(read, cancellationToken).ConfigureAwait(false);
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = _readers.TryTake(out var idle) ? idle : new PreparedStatementConnection(OpenConnection(_readConnectionString));
        T result;
        try
        {
            result = await read(connection).ConfigureAwait(false);
        }
        catch
        {
            // Whatever state the failure left (an open transaction, a reader) goes with the connection.
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        ReturnReader(connection);
        return result;
    }

    private void ReturnReader(PreparedStatementConnection connection)
    {
        if (_disposed || _readers.Count >= IdleReaders)
        {
            connection.Dispose();
            return;
        }
        _readers.Add(connection);
        if (_disposed && _readers.TryTake(out var late))
        {
            late.Dispose(); // disposed meanwhile: nobody else will empty the bag
        }
    }

    public override async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> write, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await write(_writer).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        // Waiting for the gate lets an in-flight write finish before its connection closes.
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            // Idle readers would keep the file (and its -wal/-shm) open after we are gone.
            while (_readers.TryTake(out var reader))
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }
            _checkpointer?.Dispose();
            // Closed last, so SQLite checkpoints the WAL into the main file as the last connection.
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static SqliteConnection OpenConnection(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var version = Version.Parse(Scalar(connection, "SELECT sqlite_version()") ?? "0.0");
            if (version < MinimumVersion)
            {
                throw new InvalidOperationException($"SQLite {version} is too old; Kumo needs {MinimumVersion} or newer.");
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
