using Kumo.TestSupport;
using Kumo.Client.Http;
using Kumo.Client.Identity;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Virt.Fake;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Client.Tests;

/// <summary>
/// `kumo serve` in-process on the fake driver behind ASP.NET Core's test server, and the shared client
/// over it as the CLI and the dashboard use it: <see cref="OpenStackHttp"/>, Keystone at the catalog's
/// identity root. The catalog's URLs name http://kumo.test (Api:PublicUrl); the test server answers any host.
/// </summary>
public sealed class ClientCloud : IAsyncDisposable
{
    public const string AdminPassword = "admin-client-password";
    public const string DemoPassword = "demo-client-password";

    private readonly string _stateDir;

    private ClientCloud(KumoHost host, string stateDir)
    {
        Host = host;
        _stateDir = stateDir;
        Http = new OpenStackHttp(host.Api.App!.GetTestClient());
        Keystone = new KeystoneClient(Http, new Uri("http://kumo.test/identity/v3/"));
    }

    public KumoHost Host { get; }

    public OpenStackHttp Http { get; }

    public KeystoneClient Keystone { get; }

    public static async Task<ClientCloud> StartAsync(TimeProvider? time = null, Action<KumoOptions>? configure = null)
    {
        var stateDir = Directory.CreateTempSubdirectory("kumo-client-").FullName;
        var options = TestServiceOptions.For(stateDir, "fake", "client-test", AdminPassword, DemoPassword);
        options.Api.PublicUrl = "http://kumo.test";
        options.Dashboard.Listen = "";
        configure?.Invoke(options);
        var host = await KumoHost.StartAsync(options, NullLoggerFactory.Instance,
            new KumoHost.Overrides(Driver: new FakeDriver(), Time: time, ConfigureWebHost: web => web.UseTestServer()));
        await Kumo.Deployment.AllInOne.DefaultFlavors.EnsureAsync(host.Shared.Stores.Flavors);
        return new ClientCloud(host, stateDir);
    }

    /// <summary>A password token of the bootstrap's admin or demo user for the project of the same name.</summary>
    public Task<KeystoneToken> LoginAsync(string user = "admin") => Keystone.IssueAsync(
        KeystoneAuth.Password(user, "Default", user == "admin" ? AdminPassword : DemoPassword), KeystoneAuth.ProjectByName(user, "Default"), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing handler; the temp directory is cleaned by the OS.
        }
    }
}
