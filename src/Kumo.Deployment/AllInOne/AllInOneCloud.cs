using Kumo.Compute.Api;
using Kumo.Compute.Manager;
using Kumo.Compute.Rpc;
using Kumo.Db;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Image;
using Kumo.Messaging.InProcess;
using Kumo.Messaging.Rpc;
using Kumo.Network.Api;
using Kumo.Network.Notifiers;
using Kumo.Scheduler;
using Kumo.Virt;
using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.AllInOne;

/// <summary>
/// Every Kumo service but the HTTP listener in one process: one store, the in-process bus, the image
/// service, and the same units `kumo serve` runs (scheduler, conductor, one compute host), with the
/// compute API composed as the API unit composes it. The API side reaches the other services only
/// through the bus, as it would across hosts.
/// </summary>
public sealed class AllInOneCloud : IAsyncDisposable
{
    private readonly SchedulerUnit _scheduler;
    private readonly ConductorUnit _conductor;
    private readonly ComputeUnit _compute;
    private readonly IVirtDriver? _driver;

    private AllInOneCloud(SharedServices shared, SchedulerUnit scheduler, ConductorUnit conductor, ComputeUnit compute, IVirtDriver? driver,
        INetworkApi network)
    {
        Options = shared.Options;
        Stores = shared.Stores;
        Images = shared.Images;
        Bus = shared.Bus;
        _scheduler = scheduler;
        _conductor = conductor;
        _compute = compute;
        _driver = driver;
        Api = new ComputeApi(Stores.Instances, Stores.Flavors, Images, Stores.InstanceActions, Stores.Placement, network,
            new ConductorRpcApi(Bus), new ComputeRpcApi(Bus), shared.Time);
        NovaNotifier = new ComputeNovaNotifier(Api);
    }

    /// <summary>The in-process Neutron → Nova notifier over <see cref="Api"/> (what the network service is given).</summary>
    public INovaNotifier NovaNotifier { get; }

    public KumoOptions Options { get; }

    public KumoStores Stores { get; }

    public IImageService Images { get; }

    public ComputeApi Api { get; }

    /// <summary>The compute host's manager; exposed for tests and diagnostics, never called by the API.</summary>
    public ComputeManager ComputeManager => _compute.Manager ?? throw new InvalidOperationException("The compute host has not started.");

    /// <summary>The scheduler behind topic scheduler; exposed for tests and diagnostics.</summary>
    public SchedulerManager Scheduler => _scheduler.Manager ?? throw new InvalidOperationException("The scheduler has not started.");

    public IMessageBus Bus { get; }

    /// <summary>
    /// Opens the store (migrating it), starts the scheduler, the conductor and the compute host
    /// (init_host) with their consumers. <paramref name="driver"/> replaces the configured virt driver
    /// (tests use failure variants of the fake).
    /// </summary>
    /// <param name="network">The network service (a test double); none configured when null.</param>
    public static async Task<AllInOneCloud> StartAsync(KumoOptions options, ILoggerFactory loggers, IVirtDriver? driver = null,
        TimeProvider? time = null, INetworkApi? network = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        options.Normalize();
        var stores = options.Database == ":memory:"
            ? await KumoStores.OpenInMemoryAsync(time, cancellationToken)
            : await KumoStores.OpenSqliteAsync(EnsureParent(options.DatabasePath), time, cancellationToken);
        var images = new FileImageService(stores.Images, options.ImagesPath, time, loggers.CreateLogger<FileImageService>());
        var shared = new SharedServices(options, stores, new InProcessBus(loggers.CreateLogger<InProcessBus>()), images, time, loggers);
        network ??= new NoNetworkApi();
        var cloud = new AllInOneCloud(shared, new SchedulerUnit(shared), new ConductorUnit(shared), new ComputeUnit(shared, driver, network), driver, network);
        try
        {
            await cloud._scheduler.StartAsync(cancellationToken);
            await cloud._conductor.StartAsync(cancellationToken);
            await cloud._compute.StartAsync(cancellationToken);
            return cloud;
        }
        catch
        {
            // A start that fails (libvirtd down, say) closes what it opened, the host lock included.
            await cloud.DisposeAsync();
            throw;
        }
    }

    private static string EnsureParent(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return path;
    }

    private int _disposed;

    /// <summary>Stops in dependency order: the compute host (timers, consumer, driver, host lock), the conductor, the scheduler, the store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _compute.DisposeAsync();
        await _conductor.DisposeAsync();
        await _scheduler.DisposeAsync();
        (_driver as IDisposable)?.Dispose();
        await Stores.DisposeAsync();
    }
}
