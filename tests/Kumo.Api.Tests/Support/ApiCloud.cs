using Kumo.TestSupport;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kumo.Db.Stores.Identity;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Identity.Bootstrap;
using Kumo.Network.Api;
using Kumo.Objects.Identity;
using Kumo.Objects.Images;
using Kumo.Virt.Fake;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Api.Tests.Support;

/// <summary>
/// `kumo serve` in-process on the fake driver, a fresh SQLite file and ASP.NET Core's test server:
/// tests talk HTTP to it as a client would. One per test class (IClassFixture) or per test. Clients
/// get real Keystone tokens (POST /v3/auth/tokens) for users and projects made through the identity
/// service; the bootstrap's files go to the state directory.
/// </summary>
public sealed class ApiCloud : IAsyncDisposable
{
    public const string AdminPassword = "admin-test-password";
    public const string DemoPassword = "demo-test-password";

    private readonly string _stateDir;
    private readonly bool _ownsStateDir;
    private readonly SemaphoreSlim _identityGate = new(1, 1);

    private ApiCloud(KumoHost host, FakeDriver driver, ImageMeta image, string stateDir, bool ownsStateDir)
    {
        Host = host;
        Driver = driver;
        Image = image;
        _stateDir = stateDir;
        _ownsStateDir = ownsStateDir;
        Http = host.Api.App!.GetTestClient();
    }

    public KumoHost Host { get; }

    public FakeDriver Driver { get; }

    /// <summary>A bootable (raw) image registered at start.</summary>
    public ImageMeta Image { get; }

    /// <summary>A client of the test server; requests carry no token unless a test adds one.</summary>
    public HttpClient Http { get; }

    public string StateDir => _stateDir;

    /// <param name="stateDir">An existing state directory to start on (a restart); the caller then owns it.</param>
    /// <param name="network">The network service (a test double such as FakeNetworkApi); none configured when null.</param>
    public static async Task<ApiCloud> StartAsync(FakeDriverBehaviour? behaviour = null, Action<KumoOptions>? configure = null,
        TimeProvider? time = null, ILoggerFactory? loggers = null, string? stateDir = null, INetworkApi? network = null)
    {
        var ownsStateDir = stateDir is null;
        stateDir ??= Path.Combine(Path.GetTempPath(), "kumo-api-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(stateDir);
        var options = TestServiceOptions.For(stateDir, "fake", "compute-1", AdminPassword, DemoPassword);
        options.Api.PublicUrl = "http://kumo.test";
        // The dashboard has tests of its own (tests/Kumo.Dashboard.Tests); API tests need no second web app.
        options.Dashboard.Listen = "";
        configure?.Invoke(options);
        var driver = new FakeDriver(behaviour);
        var host = await KumoHost.StartAsync(options, loggers ?? NullLoggerFactory.Instance,
            new KumoHost.Overrides(Driver: driver, Time: time, ConfigureWebHost: web => web.UseTestServer(), Network: network));
        await DefaultFlavors.EnsureAsync(host.Shared.Stores.Flavors);
        var data = Path.Combine(stateDir, "disk.img");
        await File.WriteAllBytesAsync(data, new byte[4096]);
        var image = await GuestImages.UploadAsync(host.Shared.Images, "test-image", "raw", "bare", data, new Dictionary<string, string>());
        return new ApiCloud(host, driver, image, stateDir, ownsStateDir);
    }

    /// <summary>
    /// A client acting as <paramref name="userName"/> of <paramref name="projectName"/> (domain Default)
    /// holding exactly these roles there (Keystone's admin, member, reader; member when none is given):
    /// the project (id p-&lt;name&gt;) and user (id u-&lt;name&gt;) are made if missing, then the client logs in with POST /v3/auth/tokens and
    /// every request carries that token.
    /// </summary>
    public async Task<HttpClient> ClientAsync(string projectName = "demo", string userName = "demo", params string[] roles)
    {
        var password = await EnsureUserAsync(projectName, userName, roles.Length == 0 ? ["member"] : roles);
        var token = await IssueTokenAsync(userName, password, projectName);
        var client = Host.Api.App!.GetTestClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        return client;
    }

    /// <summary>A client of the cloud's admin (the bootstrap's admin user, admin role in project admin).</summary>
    public Task<HttpClient> AdminClientAsync() => ClientAsync("admin", "admin", "admin");

    /// <summary>
    /// The password of a user ClientAsync makes (or the bootstrap's admin and demo): derived from the
    /// name, so a cloud restarted on the same state directory still knows it.
    /// </summary>
    public static string PasswordOf(string userName) => userName switch
    {
        "admin" => AdminPassword,
        "demo" => DemoPassword,
        _ => "pw-" + userName,
    };

    /// <summary>POST /v3/auth/tokens by user and project name in domain Default; the token or a failed assertion.</summary>
    public async Task<string> IssueTokenAsync(string userName, string password, string projectName)
    {
        var response = await Http.PostAsJsonAsync("/identity/v3/auth/tokens", PasswordAuth(userName, password, projectName));
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"Login of {userName} to {projectName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    public static JsonObject PasswordAuth(string userName, string password, string? projectName, string domain = "Default") => new()
    {
        ["auth"] = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject
                {
                    ["user"] = new JsonObject { ["name"] = userName, ["domain"] = new JsonObject { ["name"] = domain }, ["password"] = password },
                },
            },
            ["scope"] = projectName is null ? null : new JsonObject
            {
                ["project"] = new JsonObject { ["name"] = projectName, ["domain"] = new JsonObject { ["name"] = domain } },
            },
        },
    };

    private async Task<string> EnsureUserAsync(string projectName, string userName, IReadOnlyList<string> roleNames)
    {
        var identity = Host.Api.Identity;
        var stores = identity.Stores;
        const string domain = IdentityBootstrap.DefaultDomainId;
        await _identityGate.WaitAsync();
        try
        {
            // Ids "p-<name>" and "u-<name>" (any string is a Keystone id) let tests name another project's id without a lookup.
            var project = await stores.Projects.FindByNameAsync(domain, projectName)
                ?? await identity.Admin.CreateProjectAsync(new Project("p-" + projectName, projectName, domain, "", true, null));
            var user = await stores.Users.FindByNameAsync(domain, userName);
            if (user is null)
            {
                user = await identity.Admin.CreateUserAsync(new User("u-" + userName, userName, domain, true, null, null, null, null), PasswordOf(userName));
            }
            var wanted = new List<string>();
            foreach (var name in roleNames)
            {
                var role = (await stores.Roles.ListAsync(new IdentityFilter(Name: name))).FirstOrDefault()
                    ?? await identity.Roles.CreateRoleAsync(new Role(Guid.NewGuid().ToString("N"), name, null, ""));
                wanted.Add(role.Id);
                await identity.Roles.GrantAsync(new RoleAssignment(user.Id, role.Id, project.Id, null));
            }
            foreach (var extra in await stores.Assignments.ListAsync(new AssignmentFilter(UserId: user.Id, ProjectId: project.Id)))
            {
                if (!wanted.Contains(extra.RoleId))
                {
                    await identity.Roles.RevokeGrantAsync(extra);
                }
            }
            return PasswordOf(userName);
        }
        finally
        {
            _identityGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        if (!_ownsStateDir)
        {
            return;
        }
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
