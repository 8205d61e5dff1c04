using System.Net;
using System.Net.Sockets;

namespace Kumo.Cli.Tests;

/// <summary>Credentials found as openstack finds them: a cloud of clouds.yaml, or an openrc's OS_* variables.</summary>
public sealed class CredentialsTests : IAsyncLifetime
{
    private CliCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await CliCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private Dictionary<string, string> Openrc(string password) => new()
    {
        ["OS_AUTH_URL"] = _cloud.Url + "/identity/v3",
        ["OS_USERNAME"] = "admin",
        ["OS_PASSWORD"] = password,
        ["OS_PROJECT_NAME"] = "admin",
        ["OS_USER_DOMAIN_NAME"] = "Default",
        ["OS_PROJECT_DOMAIN_NAME"] = "Default",
    };

    [Fact]
    public async Task The_os_variables_of_an_openrc_log_in_without_a_clouds_yaml()
    {
        var result = await _cloud.RunAsync(["flavor", "list", "-f", "value", "-c", "Name"], Openrc("admin-cli-password"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("m1.tiny", result.Out);
    }

    [Fact]
    public async Task A_wrong_password_is_keystones_401_on_stderr()
    {
        var result = await _cloud.RunAsync(["server", "list"], Openrc("wrong"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(HTTP 401)", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task An_auth_url_where_nothing_listens_says_so_and_how_to_check_the_service()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var openrc = Openrc("admin-cli-password");
        openrc["OS_AUTH_URL"] = $"http://127.0.0.1:{port}/identity/v3";

        var result = await _cloud.RunAsync(["server", "list"], openrc);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"Could not reach http://127.0.0.1:{port}: Connection refused", result.Error);
        Assert.EndsWith("Is kumo serve running? (tools/kumo-service.sh status)", result.Error.TrimEnd());
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_region_the_catalog_has_no_endpoint_in_is_named_with_the_interface_and_service()
    {
        var result = await _cloud.RunAsync(["server", "list", "--os-region-name", "RegionTwo"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("The service catalog has no public endpoint for compute in region RegionTwo.", result.Error.TrimEnd());
    }

    [Fact]
    public async Task The_os_cloud_option_picks_another_cloud_of_the_file_and_an_unknown_one_names_the_clouds_there()
    {
        var demo = await _cloud.RunAsync(["--os-cloud", "kumo-demo", "server", "list", "-f", "value"],
            new Dictionary<string, string> { ["OS_CLOUD"] = "kumo-admin", ["OS_CLIENT_CONFIG_FILE"] = _cloud.CloudsYaml });
        Assert.True(demo.ExitCode == 0, demo.ToString());

        var unknown = await _cloud.RunAsync(["--os-cloud", "nope", "server", "list"],
            new Dictionary<string, string> { ["OS_CLIENT_CONFIG_FILE"] = _cloud.CloudsYaml });
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("Cloud nope was not found", unknown.Error);
        Assert.Contains("kumo-admin", unknown.Error);
    }

    [Fact]
    public async Task No_credentials_at_all_says_where_to_get_them()
    {
        var result = await _cloud.RunAsync(["server", "list"], new Dictionary<string, string>());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("OS_CLOUD", result.Error);
        Assert.Contains("Missing: OS_AUTH_URL, OS_USERNAME, OS_PASSWORD", result.Error);
    }
}
