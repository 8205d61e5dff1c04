using Kumo.Common.Processes;
using Kumo.Compute;
using Kumo.Compute.Manager;
using Kumo.Compute.Periodic;
using Kumo.Compute.Rpc;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Image;
using Kumo.Messaging.Rpc;
using Kumo.Network.Api;
using Kumo.Objects.Services;
using Kumo.OsVif.Inventory;
using Kumo.OsVif.Plugging;
using Kumo.Virt;
using Kumo.Virt.Fake;
using Kumo.Virt.Libvirt.Designer;
using Kumo.Virt.Libvirt.Driver;
using Kumo.Virt.Libvirt.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// One compute host (nova-compute): takes the host lock, connects the virt driver, runs init_host
/// (interrupted builds become ERROR with a fault, interrupted deletes finish, the inventory is
/// reported), starts the periodic tasks and lifecycle events, registers its nova-compute service
/// and heartbeat, then consumes topic compute.&lt;host&gt;. It composes only what it owns.
/// </summary>
/// <param name="network">Compute's view of the network service; none: servers boot without NICs only.</param>
public sealed class ComputeUnit(SharedServices shared, IVirtDriver? driverOverride = null, INetworkApi? network = null) : IHostedService, IAsyncDisposable
{
    private ComputeHostLock? _hostLock;
    private IVirtDriver? _driver;
    private PeriodicTasks? _periodic;
    private IAsyncDisposable? _consumer;
    private ServiceHeartbeat? _heartbeat;

    /// <summary>The host's manager, for diagnostics and tests that inspect the host; never called by the API.</summary>
    public ComputeManager? Manager { get; private set; }

    public IVirtDriver? Driver => _driver;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = shared.Options;
        _hostLock = ComputeHostLock.Acquire(options.StateDir, options.Compute.Host);
        _driver = driverOverride ?? CreateDriver(options, shared.Images, shared.Time, shared.Loggers);
        var stores = shared.Stores;
        var computeStores = new ComputeStores(stores.Instances, stores.InstanceActions, stores.InstanceFaults, stores.ComputeNodes, stores.Placement, stores.Notifier,
            stores.InstanceInfoCaches, stores.InstanceExternalEvents);
        Manager = ComputeManager.Create(options.Compute, _driver, computeStores, shared.Images, network ?? new NoNetworkApi(), shared.Time, shared.Loggers, shared.Bus);
        await Manager.InitHostAsync(cancellationToken);
        _periodic = Manager.StartPeriodicTasks(shared.Loggers.CreateLogger<PeriodicTasks>());
        _heartbeat = await ServiceHeartbeat.StartAsync(shared, options.Compute.Host, ServiceBinaries.Compute, "compute",
            options.Compute.DefaultAvailabilityZone, cancellationToken);
        _consumer = shared.Bus.Serve(Topics.Compute(options.Compute.Host), new ComputeRpcEndpoint(Manager));
    }

    /// <summary>
    /// Timers first, then the consumer (messages in flight finish), the heartbeat, the manager's event handlers,
    /// the driver, the lock. Bounded by Kumo:ShutdownTimeout (the host's token): what is still running then
    /// stays as the store last recorded it (every save is a compare-and-set) and init_host settles it
    /// at the next start (an interrupted build becomes ERROR with a fault).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DisposeAsync().AsTask().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ShutdownLog.TimedOut(shared.Loggers.CreateLogger<ComputeUnit>(), shared.Options.ShutdownTimeout);
        }
    }

    private int _stopped;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        if (_periodic is not null)
        {
            await _periodic.DisposeAsync();
        }
        // A build waiting for network-vif-plugged would otherwise hold the drain below for up to
        // vif_plugging_timeout; it fails now with a fault that says why.
        Manager?.InstanceEvents.CancelAll("the compute service is stopping");
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
        }
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync();
        }
        if (Manager is not null)
        {
            await Manager.StopAsync();
        }
        if (driverOverride is null)
        {
            (_driver as IDisposable)?.Dispose();
        }
        _hostLock?.Dispose();
    }

    internal static IVirtDriver CreateDriver(KumoOptions options, IImageService images, TimeProvider time, ILoggerFactory loggers) =>
        options.VirtDriver switch
        {
            "fake" => new FakeDriver(new FakeDriverBehaviour { SpawnDelay = options.Fake.SpawnDelay }),
            "libvirt" => new LibvirtDriver(
                options.Libvirt,
                images,
                new ImageCache(options.Libvirt.InstancesPath, images, time, loggers.CreateLogger<ImageCache>()),
                new DiskBuilder(new ProcessCommandRunner(loggers.CreateLogger<ProcessCommandRunner>()), loggers.CreateLogger<DiskBuilder>(),
                    options.Libvirt.ZeroDiskFlavorMaxGb),
                new DomainDesigner(new DomainDesignerOptions()),
                loggers.CreateLogger<LibvirtDriver>())
            {
                VifPlugger = VifPlugger.Create(options.Ovs, new ProcessCommandRunner(loggers.CreateLogger<ProcessCommandRunner>())),
                // Listed only where networking is set up: elsewhere a qbr of another tool would read as our leak.
                VifInventory = options.NetworkAgent.Enabled ? VifInventory.Create(options.Ovs, new ProcessCommandRunner(loggers.CreateLogger<ProcessCommandRunner>())) : null,
            },
            _ => throw new ArgumentException($"VirtDriver must be 'libvirt' or 'fake', not '{options.VirtDriver}'."),
        };
}
