using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Kumo.Db.Database;

/// <summary>
/// The command Dapper gets from a <see cref="PreparedStatementConnection"/>: setting its text rents
/// the connection's command for that text (statements already prepared), disposing it hands that
/// command back instead of finalizing its statements.
/// </summary>
internal sealed class CachedCommand(PreparedStatementConnection owner) : DbCommand
{
    private SqliteCommand? _command;
    private DbDataReader? _reader;

    private SqliteCommand Command => _command ??= owner.Inner.CreateCommand();

    [AllowNull]
    public override string CommandText
    {
        get => _command?.CommandText ?? "";
        set
        {
            if (_command is { Parameters.Count: > 0 })
            {
                _command.CommandText = value; // parameters came first: keep them, run uncached
                return;
            }
            // Dapper sets the transaction (and may set the timeout) before the text: carry them over.
            var transaction = _command?.Transaction;
            var timeout = _command?.CommandTimeout;
            Release();
            _command = owner.Rent(value ?? "");
            _command.Transaction = transaction;
            if (timeout is { } seconds)
            {
                _command.CommandTimeout = seconds;
            }
        }
    }

    public override int CommandTimeout
    {
        get => Command.CommandTimeout;
        set => Command.CommandTimeout = value;
    }

    public override CommandType CommandType
    {
        get => Command.CommandType;
        set => Command.CommandType = value;
    }

    public override UpdateRowSource UpdatedRowSource
    {
        get => Command.UpdatedRowSource;
        set => Command.UpdatedRowSource = value;
    }

    public override bool DesignTimeVisible { get; set; }

    protected override DbConnection? DbConnection
    {
        get => owner;
        set
        {
            if (value is not null && !ReferenceEquals(value, owner))
            {
                throw new NotSupportedException("A cached command stays on the connection that made it.");
            }
        }
    }

    protected override DbParameterCollection DbParameterCollection => Command.Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => Command.Transaction;
        set => Command.Transaction = (SqliteTransaction?)value;
    }

    public override void Cancel() => Command.Cancel();

    public override int ExecuteNonQuery() => Command.ExecuteNonQuery();

    public override object? ExecuteScalar() => Command.ExecuteScalar();

    public override void Prepare() => Command.Prepare();

    protected override DbParameter CreateDbParameter() => Command.CreateParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => _reader = Command.ExecuteReader(behavior);

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Command.ExecuteNonQueryAsync(cancellationToken);

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Command.ExecuteScalarAsync(cancellationToken);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        _reader = await Command.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
        }
        base.Dispose(disposing);
    }

    private void Release()
    {
        if (_command is null)
        {
            return;
        }
        var command = _command;
        _command = null;
        // A reader left open would keep the statements mid-step for the next renter.
        if (_reader is { IsClosed: false })
        {
            _reader.Dispose();
        }
        _reader = null;
        if (string.IsNullOrEmpty(command.CommandText))
        {
            command.Dispose();
            return;
        }
        owner.Return(command);
    }
}
