using System.Net;
using System.Text.RegularExpressions;
using Kumo.Api.Tests.Support;
using Kumo.Db.Stores.Identity;
using YamlDotNet.RepresentationModel;

namespace Kumo.Api.Tests.Identity;

public sealed partial class BootstrapTests : IDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "kumo-api-test-" + Guid.NewGuid().ToString("N")[..12]);

    private string Openrc => Path.Combine(_stateDir, "admin-openrc.sh");

    private string CloudsYaml => Path.Combine(_stateDir, "clouds.yaml");

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task Generated_passwords_go_only_to_0600_files_whose_credentials_work()
    {
        using var logs = new CapturingLoggerProvider();
        await using var cloud = await ApiCloud.StartAsync(configure: Generated, loggers: logs.CreateFactory(), stateDir: _stateDir);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Openrc));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CloudsYaml));
        var openrc = await File.ReadAllTextAsync(Openrc);
        Assert.Contains("export OS_AUTH_URL='http://kumo.test/identity/v3'", openrc);
        Assert.Contains("export OS_USERNAME='admin'", openrc);
        Assert.Contains("export OS_PROJECT_NAME='admin'", openrc);
        Assert.Contains("export OS_USER_DOMAIN_NAME=Default", openrc);
        Assert.Contains("export OS_PROJECT_DOMAIN_NAME=Default", openrc);
        Assert.Contains("export OS_IDENTITY_API_VERSION=3", openrc);
        Assert.Contains("export OS_REGION_NAME='RegionOne'", openrc);
        var adminPassword = OpenrcPassword().Match(openrc).Groups[1].Value;
        Assert.Equal(32, adminPassword.Length);

        var clouds = Clouds();
        Assert.Equal(adminPassword, clouds["kumo-admin"]["password"]);
        Assert.Equal("http://kumo.test/identity/v3", clouds["kumo-demo"]["auth_url"]);
        Assert.Equal("demo", clouds["kumo-demo"]["project_name"]);
        Assert.NotEqual(adminPassword, clouds["kumo-demo"]["password"]);

        await cloud.IssueTokenAsync("admin", adminPassword, "admin");
        await cloud.IssueTokenAsync("demo", clouds["kumo-demo"]["password"], "demo");
        Assert.DoesNotContain(logs.Lines, l => l.Contains(adminPassword, StringComparison.Ordinal) || l.Contains(clouds["kumo-demo"]["password"], StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("generated password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_bootstrap_keeps_passwords_files_and_defaults_unless_configured()
    {
        await using (await ApiCloud.StartAsync(configure: Generated, stateDir: _stateDir))
        {
        }
        var openrc = await File.ReadAllTextAsync(Openrc);
        var clouds = await File.ReadAllTextAsync(CloudsYaml);

        await using (var again = await ApiCloud.StartAsync(configure: Generated, stateDir: _stateDir))
        {
            Assert.Equal(openrc, await File.ReadAllTextAsync(Openrc));
            Assert.Equal(clouds, await File.ReadAllTextAsync(CloudsYaml));
            await again.IssueTokenAsync("admin", OpenrcPassword().Match(openrc).Groups[1].Value, "admin");
            var stores = again.Host.Shared.Stores.Identity;
            Assert.Equal(3, (await stores.Roles.ListAsync(IdentityFilter.All)).Count);
            Assert.Equal(2, (await stores.Roles.ListImpliedAsync()).Count);
            Assert.Equal(["admin", "demo"], (await stores.Projects.ListAsync(IdentityFilter.All)).Select(p => p.Name));
            Assert.Single(await stores.Domains.ListAsync(IdentityFilter.All));
        }

        await using var configured = await ApiCloud.StartAsync(configure: o =>
        {
            Generated(o);
            o.Identity.AdminPassword = "configured-admin";
        }, stateDir: _stateDir);
        await configured.IssueTokenAsync("admin", "configured-admin", "admin");
        Assert.Contains("export OS_PASSWORD='configured-admin'", await File.ReadAllTextAsync(Openrc));
        Assert.Equal("configured-admin", Clouds()["kumo-admin"]["password"]);
        Assert.Equal(Clouds()["kumo-demo"]["password"], ClouldsFrom(clouds)["kumo-demo"]["password"]);
        var login = await configured.Http.PostAsync("/identity/v3/auth/tokens",
            IdentityJson.Json(ApiCloud.PasswordAuth("admin", OpenrcPassword().Match(openrc).Groups[1].Value, "admin")));
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Empty_paths_write_no_file_and_a_foreign_clouds_yaml_is_left_alone()
    {
        Directory.CreateDirectory(_stateDir);
        const string foreign = "clouds:\n  mine:\n    auth: {}\n";
        await File.WriteAllTextAsync(CloudsYaml, foreign);
        await using var cloud = await ApiCloud.StartAsync(configure: o => o.Identity.OpenrcPath = "", stateDir: _stateDir);
        Assert.False(File.Exists(Openrc));
        Assert.Equal(foreign, await File.ReadAllTextAsync(CloudsYaml));
    }

    // A second kumo serve on the host (a test's, another state dir) once took over the first's
    // /etc/openstack/clouds.yaml, and the first could not log its own clients in any more.
    [Fact]
    public async Task Another_service_leaves_the_first_ones_credential_files_alone()
    {
        await using (await ApiCloud.StartAsync(configure: Generated, stateDir: _stateDir))
        {
        }
        var openrc = await File.ReadAllTextAsync(Openrc);
        var clouds = await File.ReadAllTextAsync(CloudsYaml);

        using var logs = new CapturingLoggerProvider();
        await using (await ApiCloud.StartAsync(configure: o =>
        {
            Generated(o);
            o.Api.PublicUrl = "http://other.test";
            o.Identity.OpenrcPath = Openrc;
            o.Identity.CloudsYamlPath = CloudsYaml;
        }, loggers: logs.CreateFactory()))
        {
        }

        Assert.Equal(openrc, await File.ReadAllTextAsync(Openrc));
        Assert.Equal(clouds, await File.ReadAllTextAsync(CloudsYaml));
        Assert.Contains(logs.Lines, l => l.Contains($"{CloudsYaml} is another Kumo service's (auth_url http://kumo.test/identity/v3", StringComparison.Ordinal));
        await using (var first = await ApiCloud.StartAsync(configure: Generated, stateDir: _stateDir))
        {
            await first.IssueTokenAsync("admin", OpenrcPassword().Match(openrc).Groups[1].Value, "admin");
        }

        // A configured password is the operator claiming the files (the way back when they were lost).
        await using (await ApiCloud.StartAsync(configure: o =>
        {
            Generated(o);
            o.Identity.AdminPassword = "claimed-admin";
            o.Identity.DemoPassword = "claimed-demo";
            o.Api.PublicUrl = "http://other.test";
            o.Identity.OpenrcPath = Openrc;
            o.Identity.CloudsYamlPath = CloudsYaml;
        }))
        {
        }
        Assert.Equal("claimed-admin", Clouds()["kumo-admin"]["password"]);
        Assert.Equal("http://other.test/identity/v3", Clouds()["kumo-admin"]["auth_url"]);
    }

    private static void Generated(Kumo.Deployment.Configuration.KumoOptions options)
    {
        options.Identity.AdminPassword = "";
        options.Identity.DemoPassword = "";
    }

    private Dictionary<string, Dictionary<string, string>> Clouds() => ClouldsFrom(File.ReadAllText(CloudsYaml));

    private static Dictionary<string, Dictionary<string, string>> ClouldsFrom(string text)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        var clouds = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["clouds"];
        return clouds.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c =>
        {
            var entry = (YamlMappingNode)c.Value;
            var values = ((YamlMappingNode)entry["auth"]).Children.ToDictionary(a => ((YamlScalarNode)a.Key).Value!, a => ((YamlScalarNode)a.Value).Value!);
            values["region_name"] = ((YamlScalarNode)entry["region_name"]).Value!;
            return values;
        });
    }

    [GeneratedRegex("export OS_PASSWORD='([^']*)'")]
    private static partial Regex OpenrcPassword();
}
