using Kumo.Common.Processes;
using Kumo.Compute;
using Kumo.Compute.Api;
using Kumo.Compute.Manager;
using Kumo.Compute.Periodic;
using Kumo.Compute.Rpc;
using Kumo.Db;
using Kumo.Deployment.Configuration;
using Kumo.Image;
using Kumo.Messaging.InProcess;
using Kumo.Messaging.Rpc;
using Kumo.Network.Api;
using Kumo.Scheduler;
using Kumo.Virt;
using Kumo.Virt.Fake;
using Kumo.Virt.Libvirt.Designer;
using Kumo.Virt.Libvirt.Driver;
using Kumo.Virt.Libvirt.Storage;
using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.AllInOne;

/// <summary>
/// Every Kumo service in one process (the default deployment): one store, the in-process bus, the
/// image service, the scheduler, the compute API and one compute host. The API side reaches the
/// compute manager only through the bus, as it would across hosts.
/// </summary>
public sealed class AllInOneCloud : IAsyncDisposable
{
    private readonly IAsyncDisposable _computeConsumer;
    private readonly IVirtDriver _driver;
    private readonly ComputeHostLock _hostLock;
    private readonly PeriodicTasks _periodic;

    private AllInOneCloud(KumoOptions options, KumoStores stores, IImageService images, ComputeApi api,
        ComputeManager manager, IAsyncDisposable computeConsumer, PeriodicTasks periodic, IVirtDriver driver, IMessageBus bus, ComputeHostLock hostLock)
    {
        _hostLock = hostLock;
        _periodic = periodic;
        Options = options;
        Stores = stores;
        Images = images;
        Api = api;
        ComputeManager = manager;
        Bus = bus;
        _computeConsumer = computeConsumer;
        _driver = driver;
    }

    public KumoOptions Options { get; }

    public KumoStores Stores { get; }

    public IImageService Images { get; }

    public ComputeApi Api { get; }

    /// <summary>The compute host's manager; exposed for tests and diagnostics, never called by the API.</summary>
    public ComputeManager ComputeManager { get; }

    public IMessageBus Bus { get; }

    /// <summary>
    /// Opens the store (migrating it), starts the compute host (init_host) and its RPC consumer.
    /// <paramref name="driver"/> replaces the configured virt driver (tests use failure variants of the fake).
    /// </summary>
    public static async Task<AllInOneCloud> StartAsync(KumoOptions options, ILoggerFactory loggers, IVirtDriver? driver = null,
        TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        options.Normalize();
        var hostLock = ComputeHostLock.Acquire(options.StateDir, options.Compute.Host);
        try
        {
            return await StartLockedAsync(options, loggers, driver, time, hostLock, cancellationToken);
        }
        catch
        {
            hostLock.Dispose();
            throw;
        }
    }

    private static async Task<AllInOneCloud> StartLockedAsync(KumoOptions options, ILoggerFactory loggers, IVirtDriver? driver,
        TimeProvider time, ComputeHostLock hostLock, CancellationToken cancellationToken)
    {
        var stores = options.Database == ":memory:"
            ? await KumoStores.OpenInMemoryAsync(time, cancellationToken)
            : await KumoStores.OpenSqliteAsync(EnsureParent(options.DatabasePath), time, cancellationToken);
        var images = new FileImageService(stores.Images, options.ImagesPath, time, loggers.CreateLogger<FileImageService>());
        var ownDriver = driver is null;
        driver ??= CreateDriver(options, images, time, loggers);
        try
        {
            var bus = new InProcessBus(loggers.CreateLogger<InProcessBus>());
            var network = new NoNetworkApi();

            var compute = options.Compute;
            var computeStores = new ComputeStores(stores.Instances, stores.InstanceActions, stores.InstanceFaults, stores.ComputeNodes, stores.Notifier);
            var manager = ComputeManager.Create(compute, driver, computeStores, images, network, time, loggers);
            await manager.InitHostAsync(cancellationToken);
            var periodic = manager.StartPeriodicTasks(loggers.CreateLogger<PeriodicTasks>());
            var consumer = bus.Serve(Topics.Compute(compute.Host), new ComputeRpcEndpoint(manager));

            var api = new ComputeApi(stores.Instances, stores.Flavors, images, stores.InstanceActions, stores.InstanceFaults, network,
                new FilterScheduler(stores.ComputeNodes), new ComputeRpcApi(bus), time);
            return new AllInOneCloud(options, stores, images, api, manager, consumer, periodic, driver, bus, hostLock);
        }
        catch
        {
            // A start that fails (libvirtd down, say) closes what it opened; the caller releases the host lock.
            if (ownDriver)
            {
                (driver as IDisposable)?.Dispose();
            }
            await stores.DisposeAsync();
            throw;
        }
    }

    private static IVirtDriver CreateDriver(KumoOptions options, IImageService images, TimeProvider time, ILoggerFactory loggers) =>
        options.VirtDriver switch
        {
            "fake" => new FakeDriver(),
            "libvirt" => new LibvirtDriver(
                options.Libvirt,
                images,
                new ImageCache(options.Libvirt.InstancesPath, images, time, loggers.CreateLogger<ImageCache>()),
                new DiskBuilder(new ProcessCommandRunner(loggers.CreateLogger<ProcessCommandRunner>()), loggers.CreateLogger<DiskBuilder>()),
                new DomainDesigner(new DomainDesignerOptions()),
                loggers.CreateLogger<LibvirtDriver>()),
            _ => throw new ArgumentException($"VirtDriver must be 'libvirt' or 'fake', not '{options.VirtDriver}'."),
        };

    private static string EnsureParent(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return path;
    }

    private int _disposed;

    /// <summary>Stops in dependency order: timers, then the RPC consumer (finishing what was sent), the driver, the store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _periodic.DisposeAsync();
        await _computeConsumer.DisposeAsync();
        await ComputeManager.StopAsync();
        (_driver as IDisposable)?.Dispose();
        await Stores.DisposeAsync();
        _hostLock.Dispose();
    }
}
