using Kumo.Common.IO;
using Kumo.Common.Processes;
using Kumo.Common.Reverting;
using Kumo.Image;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.ConfigDrive;
using Kumo.Virt.Libvirt.Config;
using Kumo.Virt.Libvirt.Designer;
using Kumo.Virt.Libvirt.Host;
using Kumo.Virt.Libvirt.Storage;
using Kumo.Virt.Progress;
using Microsoft.Extensions.Logging;

namespace Kumo.Virt.Libvirt.Driver;

/// <summary>
/// The libvirt virt driver: the seed's spawn (disk mapping, create image, to_xml, create domain and
/// network) over our own binding of libvirt's C API. Blocking libvirt calls run on the thread pool.
/// </summary>
public sealed partial class LibvirtDriver(
    LibvirtOptions options,
    IImageService images,
    ImageCache imageCache,
    DiskBuilder disks,
    DomainDesigner designer,
    ILogger<LibvirtDriver> logger,
    BlankBaseCache? blankBases = null,
    ConfigDriveBuilder? configDrives = null) : IVirtDriver, IDisposable
{
    private readonly BlankBaseCache _blankBases = blankBases ?? new BlankBaseCache(options.InstancesPath, DefaultRunner(), TimeProvider.System);
    private readonly ConfigDriveBuilder _configDrives = configDrives ?? new ConfigDriveBuilder(DefaultRunner());

    private LibvirtHost? _libvirt;
    private string _host = "";

    public string Name => "libvirt";

    public DriverCapabilities Capabilities { get; } = new(SupportsDirectKernelBoot: true, SupportsRecreate: false, HasImageCache: true);

    public VirtType VirtType { get; private set; } = VirtType.Qemu;

    /// <summary>Connections to libvirtd opened so far: more than one means the driver reconnected after the daemon went away.</summary>
    public int ConnectionGeneration => _libvirt?.Generation ?? 0;

    private LibvirtConnection Connection => Host.Get();

    private LibvirtHost Host => _libvirt ?? throw new InvalidOperationException("InitHostAsync has not run.");

    /// <summary>A call that outlives a libvirtd restart (see <see cref="LibvirtHost.Call{T}"/>): it must be safe to repeat.</summary>
    private T Libvirt<T>(Func<LibvirtConnection, T> call, CancellationToken cancellationToken) => Host.Call(call, cancellationToken);

    private void Libvirt(Action<LibvirtConnection> call, CancellationToken cancellationToken) =>
        Host.Call(c =>
        {
            call(c);
            return true;
        }, cancellationToken);

    private Action<InstanceLifecycleEvent>? _listener;

    public async Task InitHostAsync(string host, CancellationToken cancellationToken = default)
    {
        await Task.Run(() =>
        {
            _host = host;
            VirtType = VirtTypeResolver.Resolve(options.VirtType);
            HostPaths.CreateTraversableDirectory(options.InstancesPath);
            // The event implementation must be registered before the connection opens, or events only
            // arrive while another call happens to be in flight.
            LibvirtEventLoop.EnsureStarted();
        }, cancellationToken);
        var libvirt = new LibvirtHost(options.ConnectionUri, OnDomainEvent, logger, options.ReconnectTimeout,
            new LibvirtKeepAlive(options.KeepAliveIntervalSeconds, (uint)options.KeepAliveCount));
        var connection = await ConnectAsync(libvirt, cancellationToken);
        _libvirt = libvirt;
        LogConnected(options.ConnectionUri, FormatVersion(connection.LibVersion), VirtType);
        await Task.Run(WarmUpDesigner, cancellationToken);
    }

    /// <summary>
    /// Designs and serialises one throwaway domain at start-up: the first design in a process costs
    /// ~150 ms of JIT and XML set-up, which would otherwise land on the first user's boot.
    /// </summary>
    private void WarmUpDesigner()
    {
        var uuid = Guid.NewGuid();
        var instance = new Instance
        {
            Uuid = uuid, DisplayName = "warm-up", Hostname = "warm-up", ProjectId = "", UserId = "", ImageRef = uuid,
            Flavor = new Kumo.Objects.Flavors.Flavor { Id = "", Name = "warm-up", Vcpus = 1, MemoryMb = 64 },
        };
        var image = new ImageMeta { Id = uuid, Name = "warm-up", DiskFormat = "qcow2" };
        designer.Design(new DesignRequest(instance, image, VirtType, InstancePaths.For(options.InstancesPath, uuid), NetworkInfo.Empty, _host)).ToXmlString();
    }

    public void RegisterEventListener(Action<InstanceLifecycleEvent> listener) => _listener = listener;

    /// <summary>Runs on libvirt's event thread: map and hand on, never block (the listener queues its work).</summary>
    private void OnDomainEvent(DomainLifecycleEvent e)
    {
        if (_listener is not { } listener || !e.Name.StartsWith(DomainNames.Prefix, StringComparison.Ordinal))
        {
            return;
        }
        LifecycleTransition? transition = e.Type switch
        {
            DomainEventType.Started => LifecycleTransition.Started,
            DomainEventType.Resumed => LifecycleTransition.Resumed,
            DomainEventType.Suspended => LifecycleTransition.Paused,
            DomainEventType.PMSuspended => LifecycleTransition.Suspended,
            DomainEventType.Stopped or DomainEventType.Shutdown => LifecycleTransition.Stopped,
            DomainEventType.Crashed => LifecycleTransition.Crashed,
            _ => null,
        };
        if (transition is { } t)
        {
            listener(new InstanceLifecycleEvent(e.Uuid, t));
        }
    }

    public HostResources GetAvailableResources()
    {
        var node = Connection.GetNodeInfo();
        var disk = new DriveInfo(options.InstancesPath);
        return new HostResources(
            Hypervisor: _host,
            NodeName: _host,
            Vcpus: (int)node.Cpus,
            MemoryMb: (int)(node.MemoryKb / 1024),
            LocalGb: (int)(disk.TotalSize / (1024L * 1024 * 1024)),
            HypervisorType: "QEMU",
            HypervisorVersion: (long)Connection.HypervisorVersion);
    }

    /// <summary>
    /// Spawn as the seed walks it: create the image (cache + overlay), generate and write libvirt.xml,
    /// plug VIFs, then define + create. Anything made is undone when a later step fails.
    /// </summary>
    public async Task SpawnAsync(SpawnRequest request, CancellationToken cancellationToken = default)
    {
        var instance = request.Instance;
        var paths = InstancePaths.For(options.InstancesPath, instance.Uuid);
        await using var revert = new RevertScope((what, ex) => LogUndoFailed(instance.Uuid, what, ex));

        HostPaths.CreateTraversableDirectory(paths.InstanceDir);
        revert.Add("remove the instance directory", () => DeleteInstanceDirectory(paths));

        // The config drive needs nothing of the disks: both are made at once (each mostly waits on its
        // own host commands). WhenAll lets both finish, so a failure of one is undone after the other.
        var image = CreateImageAsync(instance, request.Image, paths, request.Timeline, cancellationToken);
        var drive = NeedsConfigDrive(instance) ? CreateConfigDriveAsync(request, paths, cancellationToken) : Task.FromResult<string?>(null);
        await Task.WhenAll(image, drive);
        var bootPaths = (await image) with { ConfigDrive = await drive };
        string xml;
        using (LibvirtTelemetry.Start("to_xml", instance.Uuid))
        {
            xml = await request.Timeline.StepAsync(BuildSteps.Xml, async () =>
            {
                var text = designer.Design(new DesignRequest(instance, request.Image, VirtType, bootPaths, request.NetworkInfo, _host)).ToXmlString();
                // 0600: the definition names every disk and carries the guest's metadata; only root reads it.
                await PrivateFiles.WriteAllTextAsync(paths.LibvirtXml, text, cancellationToken);
                return text;
            });
        }

        await CreateDomainAndNetworkAsync(request, xml, revert, cancellationToken);
        revert.Commit();
    }

    /// <summary>
    /// The seed's _create_image: fetch the image (and its kernel/ramdisk) into the cache and make the
    /// instance's own disks from them. Returns the paths the domain uses (null where not used). The
    /// fetch (a cache hit is quick) and the disks are two steps of the build timeline.
    /// </summary>
    private async Task<InstancePaths> CreateImageAsync(Instance instance, ImageMeta image, InstancePaths paths, IBuildTimeline? timeline,
        CancellationToken cancellationToken)
    {
        using var span = LibvirtTelemetry.Start("create_image", instance.Uuid);
        var flavor = instance.Flavor;
        var (imageBase, kernelBase, ramdiskBase) = await timeline.StepAsync(BuildSteps.FetchImage, async () =>
            (await imageCache.FetchAsync(image, cancellationToken), await FetchRelatedAsync(image.KernelId, cancellationToken),
                await FetchRelatedAsync(image.RamdiskId, cancellationToken)));
        var created = await timeline.StepAsync(BuildSteps.Disks, async () => await disks.CreateAsync(new DiskBuildRequest
        {
            InstanceDir = paths.InstanceDir,
            Image = image,
            ImageBasePath = imageBase,
            RootGb = flavor.RootGb,
            KernelBasePath = kernelBase,
            RamdiskBasePath = ramdiskBase,
            EphemeralBasePath = flavor.EphemeralGb > 0 ? await _blankBases.EnsureEphemeralAsync(flavor.EphemeralGb, options.DefaultEphemeralFormat, cancellationToken) : null,
            EphemeralGb = flavor.EphemeralGb,
            SwapBasePath = flavor.SwapMb > 0 ? await _blankBases.EnsureSwapAsync(flavor.SwapMb, cancellationToken) : null,
            SwapMb = flavor.SwapMb,
        }, cancellationToken));
        return paths with
        {
            RootDisk = created.RootDisk, Kernel = created.Kernel, Ramdisk = created.Ramdisk,
            Ephemeral = created.Ephemeral, Swap = created.Swap,
        };
    }

    /// <summary>Nova's required_by: asked for by the user, or forced for every instance by the host's setting.</summary>
    private bool NeedsConfigDrive(Instance instance) => instance.ConfigDrive || options.ForceConfigDrive;

    public bool RequiresConfigDrive(Instance instance) => NeedsConfigDrive(instance);

    /// <summary>disk.config in the instance directory (removed with it); the admin password lives only in there.</summary>
    private async Task<string?> CreateConfigDriveAsync(SpawnRequest request, InstancePaths paths, CancellationToken cancellationToken)
    {
        using var span = LibvirtTelemetry.Start("config_drive", request.Instance.Uuid);
        return await request.Timeline.StepAsync(BuildSteps.ConfigDrive, async () =>
        {
            var iso = Path.Combine(paths.InstanceDir, ConfigDriveBuilder.FileName);
            var metadata = new InstanceMetadata(request.Instance, request.NetworkInfo, request.InjectedFiles, request.AdminPassword);
            await _configDrives.BuildAsync(metadata, iso, cancellationToken);
            LogConfigDriveCreated(request.Instance.Uuid, iso);
            return (string?)iso;
        });
    }

    private static ProcessCommandRunner DefaultRunner() =>
        new(Microsoft.Extensions.Logging.Abstractions.NullLogger<ProcessCommandRunner>.Instance);

    private async Task<string?> FetchRelatedAsync(Guid? imageId, CancellationToken cancellationToken) =>
        imageId is { } id ? await imageCache.FetchAsync(await images.GetAsync(id, cancellationToken), cancellationToken) : null;

    /// <summary>
    /// The seed's _create_domain: defineXML, then createWithFlags. A failure is logged with the XML and
    /// rethrown with libvirt's own message; a domain defined but not started is undefined again.
    /// <paramref name="paused"/>: started with VIR_DOMAIN_START_PAUSED (the vCPUs wait for the network).
    /// </summary>
    private async Task CreateDomainAsync(Instance instance, string xml, RevertScope revert, bool paused, IBuildTimeline? timeline, CancellationToken cancellationToken)
    {
        using (LibvirtTelemetry.Start("define_domain", instance.Uuid))
        {
            await timeline.StepAsync(BuildSteps.Define, () => Task.Run(() => Define(instance, xml, cancellationToken), cancellationToken));
        }
        revert.Add("undefine the domain", () => Task.Run(() => DestroyDomain(instance.Uuid, CancellationToken.None)));
        using var activity = LibvirtTelemetry.Start("create_domain", instance.Uuid);
        try
        {
            await timeline.StepAsync(BuildSteps.Start, () => Task.Run(() => StartDomain(instance.Uuid, paused, cancellationToken), cancellationToken));
        }
        catch (LibvirtException ex)
        {
            LogCreateFailed(instance.Uuid, ex.LibvirtMessage, xml);
            throw new KumoException($"Failed to start domain for instance {instance.Uuid}: {ex.LibvirtMessage}", ex);
        }
    }

    /// <summary>
    /// Starts the defined domain unless it runs already: when libvirtd went away during the start, it
    /// finds the QEMU it had launched when it comes back, and the repeated call must not start another.
    /// </summary>
    private void StartDomain(Guid uuid, bool paused, CancellationToken cancellationToken) => Libvirt(c =>
    {
        using var domain = c.LookupByUuid(uuid);
        if (!domain.IsActive)
        {
            domain.Create(paused ? DomainCreateFlags.Paused : DomainCreateFlags.None);
        }
    }, cancellationToken);

    /// <summary>Test seam: rewrites the domain XML just before define (fault injection: an invalid definition). Never set in a service.</summary>
    public Func<string, string>? DefineXmlFilter { get; set; }

    // Defining again what is defined replaces it: safe to repeat after a daemon restart.
    private void Define(Instance instance, string xml, CancellationToken cancellationToken)
    {
        var definition = DefineXmlFilter?.Invoke(xml) ?? xml;
        try
        {
            Libvirt(c => c.DefineXml(definition).Dispose(), cancellationToken);
        }
        catch (LibvirtException ex)
        {
            LogDefineFailed(instance.Uuid, ex.LibvirtMessage, xml);
            throw new KumoException($"Failed to define domain for instance {instance.Uuid}: {ex.LibvirtMessage}", ex);
        }
    }

    public async Task DestroyAsync(Instance instance, NetworkInfo networkInfo, bool destroyDisks = true, CancellationToken cancellationToken = default)
    {
        await Task.Run(() => DestroyDomain(instance.Uuid, cancellationToken), cancellationToken);
        await UnplugVifsAsync(instance, networkInfo, cancellationToken);
        if (destroyDisks)
        {
            DeleteInstanceDirectory(InstancePaths.For(options.InstancesPath, instance.Uuid));
        }
    }

    /// <summary>Stops and undefines the domain if there is one; gone already is fine (so it can run again after a daemon restart).</summary>
    private void DestroyDomain(Guid uuid, CancellationToken cancellationToken) => Libvirt(c => DestroyDomain(c, uuid), cancellationToken);

    private static void DestroyDomain(LibvirtConnection connection, Guid uuid)
    {
        using var domain = connection.TryLookupByUuid(uuid);
        if (domain is null)
        {
            return;
        }
        if (domain.IsActive)
        {
            try
            {
                domain.Destroy();
            }
            catch (LibvirtException ex) when (ex.LibvirtCode == (int)LibvirtErrorCode.OperationInvalid)
            {
                // It stopped between the check and the call.
            }
        }
        try
        {
            domain.Undefine(DomainUndefineFlags.ManagedSave | DomainUndefineFlags.SnapshotsMetadata | DomainUndefineFlags.Nvram | DomainUndefineFlags.CheckpointsMetadata);
        }
        catch (LibvirtException ex) when (ex.IsNotFound)
        {
        }
    }

    private static void DeleteInstanceDirectory(InstancePaths paths)
    {
        if (Directory.Exists(paths.InstanceDir))
        {
            Directory.Delete(paths.InstanceDir, recursive: true);
        }
    }

    public void Dispose() => _libvirt?.Dispose();

    /// <summary>libvirt's integer versions (major * 1,000,000 + minor * 1,000 + release) as "9.0.0".</summary>
    private static string FormatVersion(ulong version) => $"{version / 1_000_000}.{version / 1_000 % 1_000}.{version % 1_000}";
}
