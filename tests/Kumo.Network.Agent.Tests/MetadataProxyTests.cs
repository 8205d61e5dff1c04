using System.Net;
using Kumo.Network.Agent.Dhcp;
using Kumo.Network.Agent.Metadata;
using Kumo.Network.Rpc;
using Kumo.Objects.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Network.Agent.Tests;

/// <summary>
/// The metadata proxy of one network, on a test server in place of the namespace's socket: it knows a
/// guest only by its source address, signs for that port's instance, and gives an unknown address nothing.
/// </summary>
public sealed class MetadataProxyTests : IAsyncLifetime
{
    private const string Secret = "proxy-secret";
    private static readonly Guid NetworkId = Guid.NewGuid();
    private static readonly DhcpHost GuestA = new(Guid.NewGuid(), "fa:16:3e:00:00:0a", "10.0.0.10", "a", "11111111-1111-1111-1111-111111111111", "project-a", "compute:nova");
    private static readonly DhcpHost GuestB = new(Guid.NewGuid(), "fa:16:3e:00:00:0b", "10.0.0.11", "b", "22222222-2222-2222-2222-222222222222", "project-b", "compute:nova");
    private static readonly DhcpHost DhcpPort = new(Guid.NewGuid(), "fa:16:3e:00:00:02", "10.0.0.2", "host-10-0-0-2", "dhcp-agent", "admin", "network:dhcp");

    private readonly RecordingBackend _backend = new();
    private WebApplication _proxy = null!;

    public async Task InitializeAsync()
    {
        var ports = new MetadataPortTable();
        ports.Update([GuestA, GuestB, DhcpPort]);
        var forwarder = new MetadataForwarder(new HttpClient(_backend), new Uri("http://metadata.test:8775/"), Secret);
        _proxy = MetadataProxyApp.Build(NetworkId, ports, forwarder, NullLoggerFactory.Instance, web => web.UseTestServer());
        await _proxy.StartAsync();
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task A_guest_is_signed_for_as_its_own_instance_whatever_instance_headers_it_sends()
    {
        var response = await SendFromAsync("10.0.0.10", "/openstack/latest/meta_data.json", http =>
        {
            // Guest A pretends to be B.
            http.Request.Headers[MetadataProxyHeaders.InstanceId] = GuestB.DeviceId;
            http.Request.Headers[MetadataProxyHeaders.TenantId] = GuestB.ProjectId;
            http.Request.Headers[MetadataProxyHeaders.Signature] = "forged";
        });

        Assert.Equal(StatusCodes.Status200OK, response.Response.StatusCode);
        var forwarded = Assert.Single(_backend.Requests);
        Assert.Equal("http://metadata.test:8775/openstack/latest/meta_data.json", forwarded.Uri);
        Assert.Equal([GuestA.DeviceId], forwarded.Headers[MetadataProxyHeaders.InstanceId]);
        Assert.Equal([GuestA.ProjectId], forwarded.Headers[MetadataProxyHeaders.TenantId]);
        Assert.Equal([MetadataProxyHeaders.Sign(Secret, GuestA.DeviceId)], forwarded.Headers[MetadataProxyHeaders.Signature]);
        Assert.Equal(["10.0.0.10"], forwarded.Headers[MetadataProxyHeaders.ForwardedFor]);
        Assert.Equal([NetworkId.ToString("D")], forwarded.Headers[MetadataProxyHeaders.NetworkId]);
        Assert.Equal("metadata of " + GuestA.DeviceId, await new StreamReader(response.Response.Body).ReadToEndAsync());
    }

    [Theory]
    [InlineData("10.0.0.99")]   // no port has it
    [InlineData("10.0.0.2")]    // the DHCP port: no instance
    [InlineData("192.168.1.10")]
    public async Task An_address_that_is_no_instance_port_gets_404_and_nothing_is_forwarded(string source)
    {
        var response = await SendFromAsync(source, "/openstack/latest/meta_data.json", http =>
            http.Request.Headers[MetadataProxyHeaders.InstanceId] = GuestA.DeviceId);

        Assert.Equal(StatusCodes.Status404NotFound, response.Response.StatusCode);
        Assert.Equal("", await new StreamReader(response.Response.Body).ReadToEndAsync());
        Assert.Empty(_backend.Requests);
    }

    [Fact]
    public void Dhcp_routes_guests_to_the_metadata_address_via_the_dhcp_port_and_keeps_the_default_route()
    {
        var subnet = new DhcpSubnet(Guid.NewGuid(), "10.0.0.0/24", "10.0.0.1", [], [], 4, 86400);
        var network = new DhcpNetwork(NetworkId, "net", 1450, true, [subnet], []);

        var opts = DnsmasqConfig.OptsFile(network, new Dictionary<Guid, string> { [subnet.SubnetId] = "10.0.0.2" });
        var without = DnsmasqConfig.OptsFile(network);

        Assert.Contains($"tag:subnet-{subnet.SubnetId},option:classless-static-route,169.254.169.254/32,10.0.0.2,0.0.0.0/0,10.0.0.1\n", opts, StringComparison.Ordinal);
        Assert.DoesNotContain("classless-static-route", without, StringComparison.Ordinal);
    }

    private Task<HttpContext> SendFromAsync(string source, string path, Action<HttpContext> configure) =>
        _proxy.GetTestServer().SendAsync(http =>
        {
            http.Request.Method = "GET";
            http.Request.Path = path;
            http.Connection.RemoteIpAddress = IPAddress.Parse(source);
            configure(http);
        });

    /// <summary>The metadata service as the proxy sees it: records each request, answers with the instance it was signed for.</summary>
    private sealed class RecordingBackend : HttpMessageHandler
    {
        public List<(string Uri, Dictionary<string, string[]> Headers)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
            lock (Requests)
            {
                Requests.Add((request.RequestUri!.ToString(), headers));
            }
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("metadata of " + headers[MetadataProxyHeaders.InstanceId][0]),
            });
        }
    }
}
