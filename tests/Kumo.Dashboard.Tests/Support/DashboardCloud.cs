using Kumo.TestSupport;
using Kumo.Db.Stores.Identity;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Identity.Bootstrap;
using Kumo.Objects.Identity;
using Kumo.Objects.Images;
using Kumo.Virt.Fake;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Dashboard.Tests.Support;

/// <summary>
/// `kumo serve` in-process on the fake driver with real listeners on free loopback ports: the API, and
/// the dashboard as its HTTP client, as a browser reaches it. Users alice (project alpha) and bob
/// (project beta) are members; the bootstrap's admin is there too. Builds can be held mid-spawn
/// (<see cref="HoldBuilds"/>) so a test sees BUILD before ACTIVE.
/// </summary>
public sealed class DashboardCloud : IAsyncLifetime
{
    public const string AdminPassword = "admin-dash-password";
    public const string ConsoleMarker = "KUMO-GUEST-UP";

    private readonly string _stateDir = Directory.CreateTempSubdirectory("kumo-dash-").FullName;
    private TaskCompletionSource? _gate;

    public KumoHost Host { get; private set; } = null!;

    public FakeDriverBehaviour Behaviour { get; } = new();

    public ImageMeta Image { get; private set; } = null!;

    public Uri DashboardUrl { get; private set; } = null!;

    public Uri ApiUrl { get; private set; } = null!;

    public static string PasswordOf(string user) => user == "admin" ? AdminPassword : "pw-" + user;

    public async Task InitializeAsync()
    {
        ApiUrl = new Uri($"http://127.0.0.1:{KumoServeLauncher.FreePort()}");
        DashboardUrl = new Uri($"http://127.0.0.1:{KumoServeLauncher.FreePort()}");
        var options = TestServiceOptions.For(_stateDir, "fake", "dash-test", AdminPassword, "demo-dash-password");
        options.Api.Listen = ApiUrl.ToString().TrimEnd('/');
        options.Dashboard.Listen = DashboardUrl.ToString().TrimEnd('/');
        options.Dashboard.PollInterval = TimeSpan.FromMilliseconds(300);
        Behaviour.ConsoleOutput = instance => $"Booting {instance.DisplayName}\r\n{ConsoleMarker} {instance.DisplayName}\r\n";
        Host = await KumoHost.StartAsync(options, NullLoggerFactory.Instance, new KumoHost.Overrides(Driver: new FakeDriver(Behaviour)));
        await DefaultFlavors.EnsureAsync(Host.Shared.Stores.Flavors);
        var data = Path.Combine(_stateDir, "disk.img");
        await File.WriteAllBytesAsync(data, new byte[4096]);
        Image = await GuestImages.UploadAsync(Host.Shared.Images, "test-image", "raw", "bare", data, new Dictionary<string, string>());
        await EnsureMemberAsync("alpha", "alice");
        await EnsureMemberAsync("beta", "bob");
        await EnsureMemberAsync("alpha", "carol");
    }

    /// <summary>Until <see cref="ReleaseBuilds"/>, every spawn waits: servers stay in BUILD.</summary>
    public void HoldBuilds()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Behaviour.SpawnGate = _gate.Task;
    }

    public void ReleaseBuilds()
    {
        Behaviour.SpawnGate = null;
        _gate?.TrySetResult();
    }

    /// <summary>Every instance with its states, for a failure message.</summary>
    public async Task<string> StatusAsync()
    {
        var all = await Host.Shared.Stores.Instances.ListAsync(new Kumo.Db.Stores.InstanceFilter { IncludeDeleted = true });
        return string.Join(", ", all.Select(i => $"{i.DisplayName}:{i.VmState}/{i.TaskState}/{i.Deleted}/{i.UpdatedAt:O}"));
    }

    /// <summary>How many of the user's tokens Keystone would still accept (not revoked, not expired), read from its table (times as Kumo.Db writes them).</summary>
    public async Task<long> LiveTokensAsync(string userId)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Host.Shared.Options.DatabasePath);
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM identity_tokens WHERE user_id = $user AND revoked = 0 AND expires_at > $now";
        count.Parameters.AddWithValue("$user", userId);
        count.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Makes <paramref name="userName"/> a member of <paramref name="projectName"/> too (both made if missing).</summary>
    public Task GrantAsync(string projectName, string userName) => EnsureMemberAsync(projectName, userName);

    private async Task EnsureMemberAsync(string projectName, string userName)
    {
        var identity = Host.Api.Identity;
        const string domain = IdentityBootstrap.DefaultDomainId;
        var project = await identity.Stores.Projects.FindByNameAsync(domain, projectName)
            ?? await identity.Admin.CreateProjectAsync(new Project("p-" + projectName, projectName, domain, "", true, null));
        var user = await identity.Stores.Users.FindByNameAsync(domain, userName)
            ?? await identity.Admin.CreateUserAsync(new User("u-" + userName, userName, domain, true, null, null, null, null), PasswordOf(userName));
        var member = (await identity.Stores.Roles.ListAsync(new IdentityFilter(Name: "member"))).Single();
        await identity.Roles.GrantAsync(new RoleAssignment(user.Id, member.Id, project.Id, null));
    }

    public async Task DisposeAsync()
    {
        ReleaseBuilds();
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
