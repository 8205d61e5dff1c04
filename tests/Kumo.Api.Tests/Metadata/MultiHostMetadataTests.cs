using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kumo.Api.Metadata;
using Kumo.Api.Tests.Support;
using Kumo.Deployment.Configuration;
using Kumo.Network.Agent.Metadata;
using Kumo.Network.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Api.Tests.Metadata;

/// <summary>
/// Metadata across hosts: the API's process (no network agent of its own) serves the metadata API on
/// an address other hosts reach, and an agent elsewhere forwards its guests' requests there
/// (NetworkAgent:MetadataUrl), signed with that service's secret.
/// </summary>
public sealed class MultiHostMetadataTests
{
    private const string ControllerSecret = "controller-metadata-secret";
    private const string GuestAddress = "10.0.0.10";

    [Theory]
    [InlineData("http://127.0.0.1:8775", false)]
    [InlineData("http://localhost:8775", false)]
    [InlineData("http://[::1]:8775", false)]
    [InlineData("http://0.0.0.0:8775", true)]
    [InlineData("http://*:8775", true)]
    [InlineData("http://[::]:8775", true)]
    [InlineData("http://192.0.2.10:8775", true)]
    [InlineData("", false)]
    public void A_listener_beyond_loopback_is_for_other_hosts(string listen, bool beyond) =>
        Assert.Equal(beyond, new MetadataOptions { Listen = listen }.ListensBeyondLoopback);

    [Fact]
    public async Task An_api_process_without_an_agent_serves_metadata_only_when_other_hosts_can_reach_it()
    {
        await using var loopback = await ApiCloud.StartAsync();
        await using var controller = await ApiCloud.StartAsync(configure: ControllerOptions);

        Assert.False(loopback.Host.Shared.Options.NetworkAgent.Enabled);
        Assert.Null(loopback.Host.Metadata.App);
        Assert.NotNull(controller.Host.Metadata.App);
    }

    [Fact]
    public async Task An_agent_on_another_host_forwards_its_guests_to_the_controller_metadata_service()
    {
        await using var controller = await ApiCloud.StartAsync(configure: ControllerOptions);
        var alice = await controller.ClientAsync("project-a", "alice");
        var id = await alice.CreateServerAsync(controller, "remote-guest");
        var project = (string)(await alice.WaitForStatusAsync(id, "ACTIVE"))["tenant_id"]!;
        var agentHost = AgentHostOptions(ControllerSecret);
        agentHost.Normalize();
        await using var proxy = await StartAgentProxyAsync(controller, agentHost, id, project);

        var meta = await FromGuestAsync(proxy, "GET", "/openstack/latest/meta_data.json");
        var posted = await FromGuestAsync(proxy, "POST", "/openstack/latest/password", "c2VjcmV0");

        Assert.Equal(StatusCodes.Status200OK, meta.Status);
        Assert.Equal(id, (string?)JsonNode.Parse(meta.Body)!["uuid"]);
        Assert.Equal(StatusCodes.Status200OK, posted.Status);
        var (_, shown) = await alice.SendAsync(HttpMethod.Get, $"/servers/{id}/os-server-password");
        Assert.Equal("c2VjcmV0", (string?)shown!["password"]);
    }

    [Fact]
    public async Task An_agent_signing_with_another_secret_gets_403_for_its_guests_and_reads_nothing()
    {
        await using var controller = await ApiCloud.StartAsync(configure: ControllerOptions);
        var alice = await controller.ClientAsync("project-a", "alice");
        var id = await alice.CreateServerAsync(controller, "wrong-secret-guest");
        var project = (string)(await alice.WaitForStatusAsync(id, "ACTIVE"))["tenant_id"]!;
        await using var proxy = await StartAgentProxyAsync(controller, AgentHostOptions("not-the-controller-secret"), id, project);

        var meta = await FromGuestAsync(proxy, "GET", "/openstack/latest/meta_data.json");

        Assert.Equal(StatusCodes.Status403Forbidden, meta.Status);
        Assert.DoesNotContain(id, meta.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agent_forwarding_to_another_host_without_its_secret_or_to_no_url_is_refused_at_start()
    {
        var noSecret = AgentHostOptions("");
        var badUrl = AgentHostOptions(ControllerSecret);
        badUrl.NetworkAgent.MetadataUrl = "controller:8775";
        var ownService = AgentHostOptions("");
        ownService.NetworkAgent.MetadataUrl = "http://127.0.0.1:8775/";

        var missing = Assert.Throws<InvalidConfigurationException>(noSecret.Normalize);
        var invalid = Assert.Throws<InvalidConfigurationException>(badUrl.Normalize);
        ownService.Normalize();

        Assert.Contains("NetworkAgent:MetadataProxySharedSecret must be set", missing.Message, StringComparison.Ordinal);
        Assert.Contains("http://controller.test:8775", missing.Message, StringComparison.Ordinal);
        Assert.Contains("NetworkAgent:MetadataUrl", invalid.Message, StringComparison.Ordinal);
    }

    /// <summary>The controller: no agent here, the metadata API on every address (the test server binds nothing).</summary>
    private static void ControllerOptions(KumoOptions options)
    {
        options.Metadata.Listen = "http://0.0.0.0:8775";
        options.Metadata.ProxySharedSecret = ControllerSecret;
    }

    /// <summary>A compute host running the agent, whose proxies forward to the controller.</summary>
    private static KumoOptions AgentHostOptions(string secret)
    {
        var options = new KumoOptions { StateDir = "/var/lib/kumo-agent-host" };
        options.NetworkAgent.Enabled = true;
        options.NetworkAgent.MetadataUrl = "http://controller.test:8775";
        options.NetworkAgent.MetadataProxySharedSecret = secret;
        return options;
    }

    /// <summary>
    /// The agent host's proxy for one network, built from its settings as its agent builds it, on a test
    /// server; its HTTP to the controller's URL goes to the controller's metadata test server.
    /// </summary>
    private static async Task<WebApplication> StartAgentProxyAsync(ApiCloud controller, KumoOptions agentHost, string instanceId, string project)
    {
        var service = controller.Host.Metadata.App!.GetTestServer();
        var forwarder = MetadataForwarder.Create(agentHost.NetworkAgent, () => new RewriteToTestServer(service))!;
        var ports = new MetadataPortTable();
        ports.Update([new DhcpHost(Guid.NewGuid(), "fa:16:3e:00:00:10", GuestAddress, "remote-guest", instanceId, project, "compute:nova")]);
        var proxy = MetadataProxyApp.Build(Guid.NewGuid(), ports, forwarder, NullLoggerFactory.Instance, web => web.UseTestServer());
        await proxy.StartAsync();
        return proxy;
    }

    private static async Task<(int Status, string Body)> FromGuestAsync(WebApplication proxy, string method, string path, string? body = null)
    {
        var context = await proxy.GetTestServer().SendAsync(http =>
        {
            http.Request.Method = method;
            http.Request.Path = path;
            http.Connection.RemoteIpAddress = IPAddress.Parse(GuestAddress);
            if (body is not null)
            {
                http.Request.Body = new MemoryStream(Encoding.ASCII.GetBytes(body));
                http.Request.ContentLength = body.Length;
            }
        });
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    /// <summary>Checks that the forwarder addressed the controller's URL, then hands the request to its test server.</summary>
    private sealed class RewriteToTestServer(TestServer server) : DelegatingHandler(server.CreateHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal("controller.test:8775", request.RequestUri!.Authority);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
