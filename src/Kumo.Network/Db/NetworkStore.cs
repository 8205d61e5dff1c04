using Kumo.Db.Database;

namespace Kumo.Network.Db;

/// <summary>
/// The network service's store over the shared database. Every change runs as one transaction
/// (Neutron's CONTEXT_WRITER): a bulk create, a port with its addresses and groups, a network with
/// its DHCP ports is written whole or not at all.
/// </summary>
public sealed class NetworkStore(KumoDatabase database)
{
    public KumoDatabase Database => database;

    public Task<T> ReadAsync<T>(Func<NetworkSession, Task<T>> read, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => read(new NetworkSession(connection, null, cancellationToken)), cancellationToken);

    public Task<T> WriteAsync<T>(Func<NetworkSession, Task<T>> write, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await write(new NetworkSession(connection, transaction, cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }, cancellationToken);
}
