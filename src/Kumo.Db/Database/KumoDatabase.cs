using System.Data.Common;

namespace Kumo.Db.Database;

/// <summary>
/// The stores' only way to the database: it decides which connection a read or a write runs on, so
/// stores stay engine-neutral and the engine's connection strategy stays in one place.
/// </summary>
/// <remarks>
/// Callbacks must not call back into <see cref="ReadAsync{T}"/> or <see cref="WriteAsync{T}"/>: an
/// implementation may serialise on one connection (SQLite), which would deadlock. A write callback
/// that needs to read (the compare-and-set's probe) reads on the connection it was given, which also
/// makes the probe see exactly the state the write saw.
/// </remarks>
public abstract class KumoDatabase : IAsyncDisposable
{
    public abstract ISqlDialect Dialect { get; }

    /// <summary>Runs <paramref name="read"/> on an open connection that may run concurrently with others.</summary>
    public abstract Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="write"/> on an open connection allowed to write. Multi-statement writes
    /// open their own transaction on it and pass it to every command.
    /// </summary>
    public abstract Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> write, CancellationToken cancellationToken = default);

    public Task WriteAsync(Func<DbConnection, Task> write, CancellationToken cancellationToken = default) =>
        WriteAsync(async connection =>
        {
            await write(connection).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public abstract ValueTask DisposeAsync();
}
