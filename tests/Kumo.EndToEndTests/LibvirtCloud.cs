using Kumo.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kumo.Compute.Api;
using Kumo.Compute.Inventory;
using Kumo.Compute.Manager;
using Kumo.Db;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Objects.Context;
using Kumo.Objects.Images;
using Kumo.Objects.Instances;
using Kumo.Virt.Libvirt.Host;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.EndToEndTests;

/// <summary>
/// `kumo serve` in-process (<see cref="KumoHost"/>, the composition the service runs) on the real libvirt
/// driver (qemu:///system, TCG here), its API on ASP.NET Core's test server: tests drive servers through
/// the REST API as a user does (<c>var client = await cloud.AdminClientAsync();</c>) and look at the host
/// side (libvirt, instance files, the store) through <see cref="Host"/>. The state directory is its own
/// under /var/lib/kumo (QEMU's user must traverse it; /tmp under a private mount may not be seen).
/// The guest image is registered as an operator registers it (devstack's cirros), for every project.
/// </summary>
public sealed class LibvirtCloud : IAsyncDisposable
{
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(180);

    private const string AdminPassword = "e2e-admin-password";
    private readonly List<HttpClient> _clients = [];

    private LibvirtCloud(KumoHost host, ImageMeta image, string stateDir)
    {
        Host = host;
        Image = image;
        StateDir = stateDir;
    }

    /// <summary>The running service: its units, store and options, for what only the host side shows.</summary>
    public KumoHost Host { get; }

    /// <summary>The bootable guest image (tools/guest/build-guest.sh), public.</summary>
    public ImageMeta Image { get; }

    public string StateDir { get; }

    public KumoStores Stores => Host.Shared.Stores;

    public KumoOptions Options => Host.Shared.Options;

    public string InstancesPath => Options.Libvirt.InstancesPath;

    /// <summary>The compute host's manager (driver, resource tracker); never what a test drives servers with.</summary>
    public ComputeManager ComputeManager => Host.Compute.Manager ?? throw new InvalidOperationException("The compute host has not started.");

    /// <param name="computeImages">Wraps the image service as the compute host reads it (fault injection into downloads).</param>
    public static async Task<LibvirtCloud> StartAsync(Action<KumoOptions>? configure = null, Func<Kumo.Image.IImageService, Kumo.Image.IImageService>? computeImages = null)
    {
        var stateDir = Path.Combine("/var/lib/kumo", "test-" + Guid.NewGuid().ToString("N")[..10]);
        var options = TestServiceOptions.For(stateDir, "libvirt", "e2e-" + Guid.NewGuid().ToString("N")[..6], AdminPassword);
        options.Api.PublicUrl = "http://kumo.test";
        configure?.Invoke(options);
        var host = await KumoHost.StartAsync(options, NullLoggerFactory.Instance, new KumoHost.Overrides(ConfigureWebHost: web => web.UseTestServer(),
            ComputeImages: computeImages, MetadataHandler: metadata => metadata.App?.GetTestServer().CreateHandler() ?? new HttpClientHandler()));
        try
        {
            await DefaultFlavors.EnsureAsync(host.Shared.Stores.Flavors);
            var image = await GuestImages.EnsureAsync(host.Shared.Images, GuestImages.DefaultDirectory());
            return new LibvirtCloud(host, image, stateDir);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the bootstrap's admin (admin role in project admin): every request carries its Keystone token.</summary>
    public async Task<HttpClient> AdminClientAsync()
    {
        var client = Host.Api.App!.GetTestClient();
        _clients.Add(client);
        var auth = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject
                    {
                        ["user"] = new JsonObject { ["name"] = "admin", ["domain"] = new JsonObject { ["id"] = "default" }, ["password"] = AdminPassword },
                    },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = "admin", ["domain"] = new JsonObject { ["id"] = "default" } } },
            },
        };
        using var response = await client.PostAsJsonAsync("/identity/v3/auth/tokens", auth);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        client.DefaultRequestHeaders.Add("X-Auth-Token", response.Headers.GetValues("X-Subject-Token").Single());
        return client;
    }

    public HostInventory Inventory => new(ComputeManager.Driver, Stores.Instances, Options.Compute);

    /// <summary>The host resources that belong to instances (the image cache, shared by design, left out).</summary>
    public async Task<IReadOnlyList<string>> InstanceResourcesAsync() =>
        [.. (await Inventory.ListAsync()).Where(e => e.Resource.InstanceUuid is not null).Select(e => $"{e.Resource.Kind} {e.Resource.Name}")];

    /// <summary>
    /// The in-process compute API and stores, for tests not yet moved onto the REST API (GuestDataTests):
    /// prefer <see cref="AdminClientAsync"/> and <see cref="ServerRequests"/> in new tests.
    /// </summary>
    public LibvirtCloudParts Cloud => new(Stores, ComputeManager, Host.ComputeApi, Options, Host.Shared.Images);

    public RequestContext NewRequest() => new(RequestContext.NewRequestId(), "e2e-user", "e2e-project");

    /// <summary>Creates a server in-process and waits until it settled and its create action finished (the last step of a build).</summary>
    public Task<Instance> BootAsync(string name, ImageMeta? image = null) =>
        BootAsync(new CreateServerRequest(name, "1", (image ?? Image).Id, []));

    /// <summary>As <see cref="BootAsync(string, ImageMeta?)"/>, for a request with more in it (guest data, another flavor).</summary>
    public async Task<Instance> BootAsync(CreateServerRequest request)
    {
        var context = NewRequest();
        var created = await Host.ComputeApi.CreateAsync(context, request);
        var settled = await InstanceWaiter.WaitForSettledAsync(Stores.Instances, created.Uuid, BootTimeout);
        await InstanceWaiter.WaitForActionFinishedAsync(Stores.InstanceActions, created.Uuid, context.RequestId, BootTimeout);
        return settled;
    }

    public async Task DeleteAsync(Guid uuid)
    {
        await Host.ComputeApi.DeleteAsync(NewRequest(), uuid);
        await InstanceWaiter.WaitForDeletedAsync(Stores.Instances, uuid, TimeSpan.FromSeconds(60));
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
        var client = await AdminClientAsync();
        foreach (var instance in await Stores.Instances.ListAsync())
        {
            await ServerRequests.DeleteAsync(client, instance.Uuid);
        }
        foreach (var c in _clients)
        {
            c.Dispose();
        }
        await Host.DisposeAsync();
        Directory.Delete(StateDir, recursive: true);
    }
}
