using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Kumo.Bench.Api;

/// <summary>The few OpenStack calls the API benchmark makes, as a client would make them (JSON over HTTP, a Keystone token).</summary>
internal sealed class OpenStackHttp(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

    public string? Token { get; private set; }

    /// <summary>The project id of the last token issued.</summary>
    public string? ProjectId { get; private set; }

    public async Task<string> IssueTokenAsync(string user, string password, string project, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject
                    {
                        ["user"] = new JsonObject { ["name"] = user, ["domain"] = new JsonObject { ["id"] = "default" }, ["password"] = password },
                    },
                },
                ["scope"] = new JsonObject
                {
                    ["project"] = new JsonObject { ["name"] = project, ["domain"] = new JsonObject { ["id"] = "default" } },
                },
            },
        };
        using var response = await _http.PostAsync("/identity/v3/auth/tokens?nocatalog", Json(body), cancellationToken);
        await EnsureAsync(response, "token issue");
        ProjectId = (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["token"]!["project"]?["id"];
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    public void UseToken(string token)
    {
        Token = token;
        _http.DefaultRequestHeaders.Remove("X-Auth-Token");
        _http.DefaultRequestHeaders.Add("X-Auth-Token", token);
    }

    public Task<string> UploadImageAsync(string name, byte[] data, CancellationToken cancellationToken) =>
        UploadImageAsync(name, "raw", "bare", new MemoryStream(data), new Dictionary<string, string>(), cancellationToken);

    /// <summary>Glance v2 create (custom properties at the top level, as Glance takes them), then the data streamed up.</summary>
    public async Task<string> UploadImageAsync(string name, string diskFormat, string containerFormat, Stream data,
        IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["name"] = name, ["disk_format"] = diskFormat, ["container_format"] = containerFormat, ["visibility"] = "public" };
        foreach (var (key, value) in properties)
        {
            body[key] = value;
        }
        using var created = await _http.PostAsync("/image/v2/images", Json(body), cancellationToken);
        await EnsureAsync(created, "image create");
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["id"]!;
        using var content = new StreamContent(data);
        content.Headers.ContentType = new("application/octet-stream");
        using var uploaded = await _http.PutAsync($"/image/v2/images/{id}/file", content, cancellationToken);
        await EnsureAsync(uploaded, "image upload");
        return id;
    }

    /// <summary>Lifts the project's instance, core and RAM quotas (admin): the benchmark creates far more than Nova's default 10.</summary>
    public async Task<bool> UnlimitQuotaAsync(string projectId, CancellationToken cancellationToken)
    {
        using var response = await _http.PutAsync($"/compute/v2.1/os-quota-sets/{projectId}",
            Json(new JsonObject { ["quota_set"] = new JsonObject { ["instances"] = -1, ["cores"] = -1, ["ram"] = -1 } }), cancellationToken);
        return response.IsSuccessStatusCode;
    }

    public async Task<string> CreateServerAsync(string name, string flavorRef, string imageRef, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync("/compute/v2.1/servers",
            Json(new JsonObject { ["server"] = new JsonObject { ["name"] = name, ["flavorRef"] = flavorRef, ["imageRef"] = imageRef } }), cancellationToken);
        await EnsureAsync(response, "server create");
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["server"]!["id"]!;
    }

    /// <summary>
    /// POST /servers with whatever else the server body carries (config_drive, user_data ...); the new
    /// server's id and the request id its create action is filed under.
    /// </summary>
    public async Task<(string Id, string RequestId)> CreateServerAsync(JsonObject server, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync("/compute/v2.1/servers", Json(new JsonObject { ["server"] = server }), cancellationToken);
        await EnsureAsync(response, "server create");
        var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["server"]!["id"]!;
        return (id, response.Headers.GetValues("x-openstack-request-id").Single());
    }

    /// <summary>POST /flavors (admin) with Nova's names for the extra disks; the flavor's id.</summary>
    public async Task<string> CreateFlavorAsync(string name, int ramMb, int vcpus, int diskGb, int ephemeralGb, int swapMb, CancellationToken cancellationToken)
    {
        var flavor = new JsonObject
        {
            ["name"] = name, ["ram"] = ramMb, ["vcpus"] = vcpus, ["disk"] = diskGb, ["OS-FLV-EXT-DATA:ephemeral"] = ephemeralGb, ["swap"] = swapMb,
        };
        using var response = await _http.PostAsync("/compute/v2.1/flavors", Json(new JsonObject { ["flavor"] = flavor }), cancellationToken);
        await EnsureAsync(response, "flavor create");
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["flavor"]!["id"]!;
    }

    /// <summary>The events of one action (admins see them, as Nova's os-instance-actions:events policy): name, start, finish.</summary>
    public async Task<IReadOnlyList<(string Event, DateTime Start, DateTime Finish)>> ActionEventsAsync(string serverId, string requestId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"/compute/v2.1/servers/{serverId}/os-instance-actions/{requestId}", cancellationToken);
        await EnsureAsync(response, "instance action show");
        var events = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["instanceAction"]!["events"]?.AsArray() ?? [];
        return [.. events.Where(e => e!["finish_time"] is not null)
            .Select(e => ((string)e!["event"]!, Time(e["start_time"]), Time(e["finish_time"])))];
    }

    private static DateTime Time(JsonNode? node) =>
        DateTime.Parse((string)node!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    /// <summary>The server's status, or null once it answers 404 (deleted).</summary>
    public async Task<string?> GetServerStatusAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"/compute/v2.1/servers/{id}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureAsync(response, "server show");
        return (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["server"]!["status"];
    }

    public async Task<int> ListServersDetailAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("/compute/v2.1/servers/detail", cancellationToken);
        await EnsureAsync(response, "server list");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["servers"]!.AsArray().Count;
    }

    public async Task StopServerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"/compute/v2.1/servers/{id}/action", Json(new JsonObject { ["os-stop"] = null }), cancellationToken);
        await EnsureAsync(response, "server stop");
    }

    public async Task DeleteServerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync($"/compute/v2.1/servers/{id}", cancellationToken);
        await EnsureAsync(response, "server delete");
    }

    /// <summary>POST /network/v2.0/{collection} with {resource: attributes}; the new resource's id.</summary>
    public async Task<string> CreateNetworkResourceAsync(string collection, string resource, JsonObject attributes, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"/network/v2.0/{collection}", Json(new JsonObject { [resource] = attributes }), cancellationToken);
        await EnsureAsync(response, resource + " create");
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))![resource]!["id"]!;
    }

    public async Task DeleteNetworkResourceAsync(string collection, string id, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync($"/network/v2.0/{collection}/{id}", cancellationToken);
        await EnsureAsync(response, collection + " delete");
    }

    /// <summary>Any call: the status and the JSON body (null when empty or not JSON), whatever the status.</summary>
    public async Task<(System.Net.HttpStatusCode Status, JsonObject? Body)> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) as JsonObject : null);
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Dispose() => _http.Dispose();
}
