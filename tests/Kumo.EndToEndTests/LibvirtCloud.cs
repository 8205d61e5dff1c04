using Kumo.Compute.Api;
using Kumo.Compute.Inventory;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Objects.Context;
using Kumo.Objects.Images;
using Kumo.Objects.Instances;
using Kumo.Virt.Libvirt.Host;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.EndToEndTests;

/// <summary>
/// The all-in-one cloud on the real libvirt driver (qemu:///system, TCG here), in a state directory
/// of its own under /var/lib/kumo (QEMU's user must traverse it; /tmp under a private mount may not be seen).
/// </summary>
public sealed class LibvirtCloud : IAsyncDisposable
{
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(180);

    private LibvirtCloud(AllInOneCloud cloud, ImageMeta image, string stateDir)
    {
        Cloud = cloud;
        Image = image;
        StateDir = stateDir;
    }

    public AllInOneCloud Cloud { get; }

    public ImageMeta Image { get; }

    public string StateDir { get; }

    public string InstancesPath => Cloud.Options.Libvirt.InstancesPath;

    public static async Task<LibvirtCloud> StartAsync(Action<KumoOptions>? configure = null)
    {
        var stateDir = Path.Combine("/var/lib/kumo", "test-" + Guid.NewGuid().ToString("N")[..10]);
        var options = new KumoOptions { StateDir = stateDir, VirtDriver = "libvirt" };
        options.Compute.Host = "e2e-" + Guid.NewGuid().ToString("N")[..6];
        configure?.Invoke(options);
        var cloud = await AllInOneCloud.StartAsync(options, NullLoggerFactory.Instance);
        await DefaultFlavors.EnsureAsync(cloud.Stores.Flavors);
        var image = await GuestImages.EnsureAsync(cloud.Images, GuestImages.DefaultDirectory());
        return new LibvirtCloud(cloud, image, stateDir);
    }

    public HostInventory Inventory => new(Cloud.ComputeManager.Driver, Cloud.Stores.Instances, Cloud.Options.Compute);

    /// <summary>The host resources that belong to instances (the image cache, shared by design, left out).</summary>
    public async Task<IReadOnlyList<string>> InstanceResourcesAsync() =>
        [.. (await Inventory.ListAsync()).Where(e => e.Resource.InstanceUuid is not null).Select(e => $"{e.Resource.Kind} {e.Resource.Name}")];

    public RequestContext NewRequest() => new(RequestContext.NewRequestId(), "e2e-user", "e2e-project");

    /// <summary>Creates a server and waits until it settled and its create action finished (the last step of a build).</summary>
    public Task<Instance> BootAsync(string name, ImageMeta? image = null) =>
        BootAsync(new CreateServerRequest(name, "1", (image ?? Image).Id, []));

    /// <summary>As <see cref="BootAsync(string, ImageMeta?)"/>, for a request with more in it (guest data, another flavor).</summary>
    public async Task<Instance> BootAsync(CreateServerRequest request)
    {
        var context = NewRequest();
        var created = await Cloud.Api.CreateAsync(context, request);
        var settled = await InstanceWaiter.WaitForSettledAsync(Cloud.Stores.Instances, created.Uuid, BootTimeout);
        await InstanceWaiter.WaitForActionFinishedAsync(Cloud.Stores.InstanceActions, created.Uuid, context.RequestId, BootTimeout);
        return settled;
    }

    public async Task DeleteAsync(Guid uuid)
    {
        await Cloud.Api.DeleteAsync(NewRequest(), uuid);
        await InstanceWaiter.WaitForDeletedAsync(Cloud.Stores.Instances, uuid, TimeSpan.FromSeconds(60));
    }

    /// <summary>What libvirtd itself says, asked on a connection of our own (not the driver's).</summary>
    public static bool DomainExists(Guid uuid)
    {
        using var connection = LibvirtConnection.Open("qemu:///system");
        using var domain = connection.TryLookupByUuid(uuid);
        return domain is not null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in await Cloud.Stores.Instances.ListAsync())
        {
            await DeleteAsync(instance.Uuid);
        }
        await Cloud.DisposeAsync();
        Directory.Delete(StateDir, recursive: true);
    }
}
