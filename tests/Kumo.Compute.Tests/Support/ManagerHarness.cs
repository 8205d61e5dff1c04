using Kumo.Compute.Manager;
using Kumo.Db;
using Kumo.Image;
using Kumo.Network.Api;
using Kumo.Objects.Actions;
using Kumo.Objects.Context;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Virt.Fake;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Compute.Tests.Support;

/// <summary>
/// A compute manager assembled by hand over an in-memory store whose saves are recorded: for tests
/// of the manager itself, called directly (the RPC path is covered by <see cref="FakeCloud"/>).
/// </summary>
public sealed class ManagerHarness : IAsyncDisposable
{
    private readonly string _imagesDir = Path.Combine(Path.GetTempPath(), "kumo-images-" + Guid.NewGuid().ToString("N")[..8]);

    private ManagerHarness(KumoStores stores, RecordingInstanceStore instances, FileImageService images, ComputeManager manager, FakeDriver driver)
    {
        Stores = stores;
        Instances = instances;
        Images = images;
        Manager = manager;
        Driver = driver;
    }

    public KumoStores Stores { get; }

    public RecordingInstanceStore Instances { get; }

    public FileImageService Images { get; }

    public ComputeManager Manager { get; }

    public FakeDriver Driver { get; }

    public static async Task<ManagerHarness> StartAsync(FakeDriverBehaviour? behaviour = null, Kumo.Objects.Notifications.INotifier? notifier = null,
        Action<ComputeOptions>? configure = null, Func<Kumo.Db.Stores.IInstanceActionStore, Kumo.Db.Stores.IInstanceActionStore>? actions = null,
        TimeProvider? time = null)
    {
        var stores = await KumoStores.OpenInMemoryAsync();
        var instances = new RecordingInstanceStore(stores.Instances);
        var options = new ComputeOptions { Host = "h1" };
        configure?.Invoke(options);
        time ??= TimeProvider.System;
        var driver = new FakeDriver(behaviour);
        var images = new FileImageService(stores.Images, Path.Combine(Path.GetTempPath(), "kumo-images-" + Guid.NewGuid().ToString("N")[..8]), time, NullLogger<FileImageService>.Instance);
        var manager = ComputeManager.Create(options, driver,
            new ComputeStores(instances, actions?.Invoke(stores.InstanceActions) ?? stores.InstanceActions, stores.InstanceFaults, stores.ComputeNodes, stores.Placement, notifier ?? stores.Notifier,
                stores.InstanceInfoCaches, stores.InstanceExternalEvents),
            images, new NoNetworkApi(), time, NullLoggerFactory.Instance);
        await manager.InitHostAsync();
        return new ManagerHarness(stores, instances, images, manager, driver);
    }

    /// <summary>An instance as the API leaves it (building/scheduling, on host h1) with its create action.</summary>
    public async Task<(Instance Instance, RequestContext Context)> NewInstanceAsync()
    {
        var image = await Images.CreateAsync(new Kumo.Objects.Images.ImageMeta { Id = Guid.NewGuid(), Name = "img", DiskFormat = "raw" });
        image = await Images.UploadAsync(image.Id, new MemoryStream(new byte[512]));
        var context = new RequestContext(RequestContext.NewRequestId(), "u", "p");
        var instance = new Instance
        {
            Uuid = Guid.NewGuid(), DisplayName = "i", Hostname = "i", ProjectId = "p", UserId = "u", ImageRef = image.Id, Host = "h1",
            Flavor = new Flavor { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512, RootGb = 1 },
        };
        await Instances.CreateAsync(instance);
        await Stores.InstanceActions.StartActionAsync(instance.Uuid, ActionNames.Create, context.RequestId, "u", "p");
        return (instance, context);
    }

    public async ValueTask DisposeAsync()
    {
        await Stores.DisposeAsync();
        if (Directory.Exists(_imagesDir))
        {
            Directory.Delete(_imagesDir, recursive: true);
        }
    }
}
