using Kumo.TestSupport;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Objects.Context;
using Kumo.Objects.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Dashboard.Tests.Support;

/// <summary>
/// `kumo serve` in-process on the real libvirt driver (qemu:///system, TCG here), the API and the dashboard on
/// free loopback ports, with the test guest (tools/guest/build-guest.sh, KUMO_GUEST_DIR) registered as
/// `kumo-guest`. The state directory is under /var/lib/kumo (QEMU's user must traverse it), its own.
/// </summary>
public sealed class LibvirtDashboardCloud : IAsyncDisposable
{
    public const string AdminPassword = "admin-dash-libvirt";

    private LibvirtDashboardCloud(KumoHost host, ImageMeta image, Uri dashboardUrl, string stateDir)
    {
        Host = host;
        Image = image;
        DashboardUrl = dashboardUrl;
        StateDir = stateDir;
    }

    public KumoHost Host { get; }

    public ImageMeta Image { get; }

    public Uri DashboardUrl { get; }

    public string StateDir { get; }

    public static async Task<LibvirtDashboardCloud> StartAsync()
    {
        var stateDir = Path.Combine("/var/lib/kumo", "test-dash-" + Guid.NewGuid().ToString("N")[..10]);
        var dashboardUrl = new Uri($"http://127.0.0.1:{KumoServeLauncher.FreePort()}");
        var options = TestServiceOptions.For(stateDir, "libvirt", "dash-" + Guid.NewGuid().ToString("N")[..6], AdminPassword);
        options.Api.Listen = $"http://127.0.0.1:{KumoServeLauncher.FreePort()}";
        options.Dashboard.Listen = dashboardUrl.ToString().TrimEnd('/');
        options.Dashboard.PollInterval = TimeSpan.FromMilliseconds(300);
        var host = await KumoHost.StartAsync(options, NullLoggerFactory.Instance);
        try
        {
            await DefaultFlavors.EnsureAsync(host.Shared.Stores.Flavors);
            var image = await GuestImages.EnsureAsync(host.Shared.Images, GuestImages.DefaultDirectory());
            // A first login over plain HTTP: the cold service's first Keystone call and page take longer than a browser wait gives.
            using (var http = new DashboardHttp(dashboardUrl))
            {
                await http.LoginAsync("admin", AdminPassword, "admin");
                using var servers = await http.GetAsync("/servers");
            }
            return new LibvirtDashboardCloud(host, image, dashboardUrl, stateDir);
        }
        catch
        {
            await host.DisposeAsync();
            Directory.Delete(stateDir, recursive: true);
            throw;
        }
    }

    /// <summary>What libvirtd itself says, on a connection of our own (not the driver's).</summary>
    public static bool DomainExists(Guid uuid)
    {
        using var connection = Kumo.Virt.Libvirt.Host.LibvirtConnection.Open("qemu:///system");
        using var domain = connection.TryLookupByUuid(uuid);
        return domain is not null;
    }

    /// <summary>Deletes what a failed test left (no guest outlives the test), then stops the service.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var instance in await Host.Shared.Stores.Instances.ListAsync())
        {
            await Host.ComputeApi.DeleteAsync(RequestContext.Admin(), instance.Uuid);
            await InstanceWaiter.WaitForDeletedAsync(Host.Shared.Stores.Instances, instance.Uuid, TimeSpan.FromSeconds(60));
        }
        await Host.DisposeAsync();
        Directory.Delete(StateDir, recursive: true);
    }
}
