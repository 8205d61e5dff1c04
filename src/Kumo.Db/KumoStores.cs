using Kumo.Db.Database;
using Kumo.Db.Migrations;
using Kumo.Db.Notifications;
using Kumo.Db.Stores;
using Kumo.Db.Stores.Placement;
using Kumo.Objects.Notifications;

namespace Kumo.Db;

/// <summary>
/// Every store over one database, built once per process (or per test). Owns the database:
/// disposing this closes it.
/// </summary>
public sealed class KumoStores : IAsyncDisposable
{
    /// <summary>Wraps an already migrated database; prefer <see cref="OpenAsync"/>.</summary>
    public KumoStores(KumoDatabase database, TimeProvider? timeProvider = null)
    {
        Database = database;
        Identity = new Stores.Identity.IdentityStores(database, timeProvider);
        Instances = new SqlInstanceStore(database, timeProvider);
        Flavors = new SqlFlavorStore(database, timeProvider);
        Images = new SqlImageStore(database, timeProvider);
        InstanceActions = new SqlInstanceActionStore(database, timeProvider);
        InstanceFaults = new SqlInstanceFaultStore(database, timeProvider);
        Notifications = new SqlNotificationStore(database);
        ComputeNodes = new SqlComputeNodeStore(database);
        FlavorAccess = new SqlFlavorAccessStore(database, timeProvider);
        KeyPairs = new SqlKeyPairStore(database);
        Quotas = new SqlQuotaStore(database, timeProvider);
        Placement = new SqlPlacementStore(database, timeProvider);
        Services = new SqlServiceStore(database, timeProvider);
        InstanceInfoCaches = new SqlInstanceInfoCacheStore(database, timeProvider);
        InstanceExternalEvents = new SqlInstanceExternalEventStore(database);
        InstanceSystemMetadata = new SqlInstanceSystemMetadataStore(database, timeProvider);
        Notifier = new StoredNotifier(Notifications, timeProvider);
    }

    public KumoDatabase Database { get; }

    /// <summary>Keystone's domains, projects, users, groups, roles, assignments and tokens.</summary>
    public Stores.Identity.IdentityStores Identity { get; }

    public IInstanceStore Instances { get; }
    public IFlavorStore Flavors { get; }
    public IImageStore Images { get; }
    public IInstanceActionStore InstanceActions { get; }
    public IInstanceFaultStore InstanceFaults { get; }
    public INotificationStore Notifications { get; }
    public IComputeNodeStore ComputeNodes { get; }
    public IFlavorAccessStore FlavorAccess { get; }
    public IKeyPairStore KeyPairs { get; }
    public IQuotaStore Quotas { get; }
    public IPlacementStore Placement { get; }
    public IServiceStore Services { get; }
    public IInstanceInfoCacheStore InstanceInfoCaches { get; }
    public IInstanceExternalEventStore InstanceExternalEvents { get; }
    public IInstanceSystemMetadataStore InstanceSystemMetadata { get; }

    /// <summary>Persists notifications into <see cref="Notifications"/>.</summary>
    public INotifier Notifier { get; }

    /// <summary>Migrates <paramref name="database"/> and takes ownership of it (disposed on failure too).</summary>
    public static async Task<KumoStores> OpenAsync(KumoDatabase database, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await new Migrator(database, timeProvider).MigrateAsync(cancellationToken).ConfigureAwait(false);
            return new KumoStores(database, timeProvider);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The all-in-one database: a SQLite file (created if missing) in WAL mode, migrated.</summary>
    public static Task<KumoStores> OpenSqliteAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        OpenAsync(SqliteDatabase.Open(path), timeProvider, cancellationToken);

    /// <summary>A fresh, migrated in-memory SQLite database, for tests; gone when disposed.</summary>
    public static Task<KumoStores> OpenInMemoryAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        OpenAsync(SqliteDatabase.OpenInMemory(), timeProvider, cancellationToken);

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
