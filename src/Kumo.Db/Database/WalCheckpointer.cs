using Microsoft.Data.Sqlite;

namespace Kumo.Db.Database;

/// <summary>
/// Copies the WAL back into the database file from its own connection and thread, so that no write
/// pays for it. SQLite's automatic checkpoint runs inside the commit that crosses the threshold:
/// that commit, holding the one write gate every other writer waits on, then copied up to 1,000
/// pages and fsynced two files. A PASSIVE checkpoint here runs beside the writer and the readers
/// (WAL lets all three proceed) and never waits for a lock.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _checkpoints;

    public WalCheckpointer(SqliteConnection connection, TimeSpan interval)
    {
        _connection = connection;
        _interval = interval;
        // A thread of its own: a checkpoint blocks in write() and fsync() for milliseconds, which
        // would hold a thread-pool worker the requests need.
        _thread = new Thread(Run) { IsBackground = true, Name = "kumo-wal-checkpoint" };
        _thread.Start();
    }

    /// <summary>Checkpoints that copied at least one frame (for tests and diagnostics).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    private void Run()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (!_stop.Token.WaitHandle.WaitOne(_interval))
        {
            try
            {
                using var reader = command.ExecuteReader();
                // (busy, frames in the WAL, frames checkpointed); -1 when not in WAL mode.
                if (reader.Read() && reader.GetInt64(2) > 0)
                {
                    Interlocked.Increment(ref _checkpoints);
                }
            }
            catch (SqliteException)
            {
                // Busy or locked by another process's checkpoint: the next round tries again; the
                // writer's own safety net (a large wal_autocheckpoint) still bounds the WAL.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _connection.Dispose();
        _stop.Dispose();
    }
}
