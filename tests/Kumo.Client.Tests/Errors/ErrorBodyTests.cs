using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Kumo.Client.Http;
using Kumo.Client.Identity;

namespace Kumo.Client.Tests.Errors;

/// <summary>Error answers of each service, as the clients show them: the status, the service's own message and the request id.</summary>
public sealed class ErrorBodyTests : IAsyncLifetime
{
    private ClientCloud _cloud = null!;
    private KeystoneToken _token = null!;
    private KeystoneSession _session = null!;

    public async Task InitializeAsync()
    {
        _cloud = await ClientCloud.StartAsync();
        _token = await _cloud.LoginAsync();
        _session = new KeystoneSession(_cloud.Http, _token.Id);
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Novas_itemNotFound_gives_404_its_message_and_the_request_id_nova_filed_it_under()
    {
        var id = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAsync<OpenStackApiException>(() => _session.GetAsync(Compute("servers/" + id), CancellationToken.None));

        Assert.Equal(404, error.Status);
        Assert.Equal($"Instance {id} could not be found.", error.Message);
        Assert.Matches("^req-[0-9a-f-]{36}$", error.RequestId);
    }

    [Fact]
    public async Task Novas_badRequest_gives_400_and_a_message_naming_the_missing_field()
    {
        var body = new JsonObject { ["server"] = new JsonObject { ["name"] = "no-flavor", ["imageRef"] = Guid.NewGuid().ToString() } };

        var error = await Assert.ThrowsAsync<OpenStackApiException>(() => _session.SendAsync(HttpMethod.Post, Compute("servers"), body));

        Assert.Equal(400, error.Status);
        Assert.Equal("'flavorRef' is a required property", error.Message);
        var servers = await _session.GetAsync(Compute("servers"), CancellationToken.None);
        Assert.Empty(servers["servers"]!.AsArray());
    }

    [Fact]
    public async Task Keystones_error_object_gives_its_status_and_message()
    {
        var error = await Assert.ThrowsAsync<OpenStackApiException>(() =>
            _session.GetAsync(new Uri(_token.Catalog.Find("identity")!, "v3/projects/no-such-project"), CancellationToken.None));

        Assert.Equal(404, error.Status);
        Assert.Equal("Could not find project: no-such-project.", error.Message);
    }

    [Fact]
    public async Task Glances_flat_error_gives_404_and_its_message()
    {
        var id = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAsync<OpenStackApiException>(() =>
            _session.GetAsync(new Uri(_token.Catalog.Find("image")!, "v2/images/" + id), CancellationToken.None));

        Assert.Equal(404, error.Status);
        Assert.Contains(id, error.Message);
    }

    [Fact]
    public async Task An_api_that_does_not_answer_is_503_naming_where_it_was_looked_for()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        using var client = new HttpClient();
        var http = new OpenStackHttp(client);

        var error = await Assert.ThrowsAsync<ApiUnreachableException>(() =>
            http.SendAsync(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/compute/v2.1/servers"), "token"));

        Assert.Equal(503, error.Status);
        Assert.Equal($"http://127.0.0.1:{port}", error.Authority);
        Assert.StartsWith($"The API at http://127.0.0.1:{port} could not be reached: ", error.Message);
        Assert.Contains("refused", error.Reason, StringComparison.OrdinalIgnoreCase);
    }

    private Uri Compute(string path) => new(_token.Catalog.Find("compute")!, path);
}
