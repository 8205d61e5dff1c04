using Kumo.TestSupport;
using Kumo.Compute.Api;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Network.Fake;
using Kumo.Objects.Network;
using Kumo.Objects.Context;
using Kumo.Objects.Images;
using Kumo.Objects.Instances;
using Kumo.Virt;
using Kumo.Virt.Fake;
using Kumo.Objects.Quotas;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Compute.Tests.Support;

/// <summary>
/// `kumo serve`'s composition (<see cref="KumoHost"/>: scheduler, conductor, compute host, API on the
/// test server) on the fake driver and a SQLite file, with one bootable image and the default flavors.
/// Tests call the compute API in-process; quotas are lifted, as these tests are about the build flow.
/// </summary>
public sealed class FakeCloud : IAsyncDisposable
{
    private readonly string _stateDir;

    private FakeCloud(CloudParts cloud, FakeDriver driver, ImageMeta image, string stateDir, FakeNetworkApi? network)
    {
        Network = network;
        Cloud = cloud;
        Driver = driver;
        Image = image;
        _stateDir = stateDir;
    }

    public CloudParts Cloud { get; }

    /// <summary>The network service double, when the test started with one.</summary>
    public FakeNetworkApi? Network { get; }

    public FakeDriver Driver { get; }

    public ImageMeta Image { get; }

    public RequestContext Context { get; } = new(RequestContext.NewRequestId(), "user-1", "project-1");

    public static async Task<FakeCloud> StartAsync(FakeDriverBehaviour? behaviour = null, Action<KumoOptions>? configure = null, string? stateDir = null,
        FakeDriver? driver = null, TimeProvider? time = null, FakeNetworkApi? network = null)
    {
        stateDir ??= Path.Combine(Path.GetTempPath(), "kumo-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(stateDir);
        var options = TestServiceOptions.For(stateDir, "fake", "compute-1", "fake-cloud-admin");
        options.Database = Path.Combine(stateDir, "kumo.db");
        configure?.Invoke(options);
        driver ??= new FakeDriver(behaviour);
        var host = await KumoHost.StartAsync(options, NullLoggerFactory.Instance,
            new KumoHost.Overrides(Driver: driver, Time: time, ConfigureWebHost: web => web.UseTestServer(), Network: network));
        var cloud = new CloudParts(host);
        await cloud.Stores.Quotas.SetClassLimitsAsync(Kumo.Db.Stores.SqlQuotaStore.DefaultClass,
            new Dictionary<string, int> { [QuotaResources.Instances] = -1, [QuotaResources.Cores] = -1, [QuotaResources.Ram] = -1 });
        await DefaultFlavors.EnsureAsync(cloud.Stores.Flavors);
        var data = Path.Combine(stateDir, "disk.img");
        await File.WriteAllBytesAsync(data, new byte[4096]);
        var image = await GuestImages.UploadAsync(cloud.Images, "test-image", "raw", "bare", data, new Dictionary<string, string>());
        return new FakeCloud(cloud, driver, image, stateDir, network);
    }

    /// <summary>A new request context, as each API request has its own request id.</summary>
    public RequestContext NewRequest() => Context with { RequestId = RequestContext.NewRequestId() };

    public Task<Instance> CreateAsync(string name = "server", string flavorId = "1", RequestContext? context = null,
        IReadOnlyList<RequestedNetwork>? networks = null) =>
        Cloud.Api.CreateAsync(context ?? NewRequest(), new CreateServerRequest(name, flavorId, Image.Id, networks ?? []));

    /// <summary>
    /// Creates a server and waits until its build is completely over: settled, and its create action
    /// finished (create.end, the event's result and the action's finish come just after ACTIVE).
    /// </summary>
    public async Task<Instance> BootAsync(string name = "server", string flavorId = "1", IReadOnlyList<RequestedNetwork>? networks = null)
    {
        var context = NewRequest();
        var created = await CreateAsync(name, flavorId, context, networks);
        var settled = await InstanceWaiter.WaitForSettledAsync(Cloud.Stores.Instances, created.Uuid, TimeSpan.FromSeconds(30));
        await InstanceWaiter.WaitForActionFinishedAsync(Cloud.Stores.InstanceActions, created.Uuid, context.RequestId, TimeSpan.FromSeconds(30));
        return settled;
    }

    public Task<Instance> WaitSettledAsync(Guid uuid) =>
        InstanceWaiter.WaitForSettledAsync(Cloud.Stores.Instances, uuid, TimeSpan.FromSeconds(30));

    /// <summary>Deletes and waits until the record is gone and the delete's action has finished (delete.end comes after the row goes).</summary>
    public async Task DeleteAndWaitAsync(Guid uuid)
    {
        var request = NewRequest();
        await Cloud.Api.DeleteAsync(request, uuid);
        await InstanceWaiter.WaitForDeletedAsync(Cloud.Stores.Instances, uuid, TimeSpan.FromSeconds(30));
        await InstanceWaiter.WaitForActionFinishedAsync(Cloud.Stores.InstanceActions, uuid, request.RequestId, TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops the services but keeps the state directory (a restart test starts again on it).</summary>
    public Task StopAsync() => Cloud.Host.DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await Cloud.Host.DisposeAsync();
        if (Directory.Exists(_stateDir))
        {
            Directory.Delete(_stateDir, recursive: true);
        }
    }
}
