using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Objects.Images;
using Kumo.Virt.Fake;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Api.Tests.Support;

/// <summary>
/// `kumo serve` in-process on the fake driver, a fresh SQLite file and ASP.NET Core's test server:
/// tests talk HTTP to it as a client would. One per test class (IClassFixture) or per test.
/// </summary>
public sealed class ApiCloud : IAsyncDisposable
{
    private readonly string _stateDir;

    private readonly TestTokens _tokens;

    private ApiCloud(KumoHost host, FakeDriver driver, ImageMeta image, string stateDir, TestTokens tokens)
    {
        _tokens = tokens;
        Host = host;
        Driver = driver;
        Image = image;
        _stateDir = stateDir;
        Http = host.Api.App!.GetTestClient();
    }

    public KumoHost Host { get; }

    public FakeDriver Driver { get; }

    /// <summary>A bootable (raw) image registered at start.</summary>
    public ImageMeta Image { get; }

    /// <summary>A client of the test server; requests carry no token unless a test adds one.</summary>
    public HttpClient Http { get; }

    public static async Task<ApiCloud> StartAsync(FakeDriverBehaviour? behaviour = null, Action<KumoOptions>? configure = null)
    {
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-api-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(stateDir);
        var options = new KumoOptions { StateDir = stateDir, VirtDriver = "fake" };
        options.Compute.Host = "compute-1";
        options.Api.PublicUrl = "http://kumo.test";
        configure?.Invoke(options);
        var driver = new FakeDriver(behaviour);
        var tokens = new TestTokens();
        var host = await KumoHost.StartAsync(options, NullLoggerFactory.Instance,
            new KumoHost.Overrides(Driver: driver, ConfigureWebHost: web => web.UseTestServer(), Tokens: tokens));
        await DefaultFlavors.EnsureAsync(host.Shared.Stores.Flavors);
        var data = Path.Combine(stateDir, "disk.img");
        await File.WriteAllBytesAsync(data, new byte[4096]);
        var image = await GuestImages.UploadAsync(host.Shared.Images, "test-image", "raw", "bare", data, new Dictionary<string, string>());
        return new ApiCloud(host, driver, image, stateDir, tokens);
    }

    /// <summary>
    /// A client acting as <paramref name="userName"/> of <paramref name="projectName"/> with these roles
    /// (Keystone's admin, member, reader): every request carries its token.
    /// </summary>
    public Task<HttpClient> ClientAsync(string projectName = "demo", string userName = "demo", params string[] roles)
    {
        var token = _tokens.Issue(projectName, userName, roles.Length == 0 ? ["member", "reader"] : roles);
        var client = Host.Api.App!.GetTestClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        return Task.FromResult(client);
    }

    /// <summary>A client of the cloud's admin (admin role in project admin).</summary>
    public Task<HttpClient> AdminClientAsync() => ClientAsync("admin", "admin", "admin", "member", "reader");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing handler; the temp directory is cleaned by the OS.
        }
    }
}
