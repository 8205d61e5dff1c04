using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Kumo.Api.Tests.Support;

/// <summary>What a client of /compute/v2.1/servers does over and over: create, read, poll.</summary>
public static class ServerCalls
{
    public const string Base = "/compute/v2.1";

    public static HttpRequestMessage Request(HttpMethod method, string path, object? body = null, string? microversion = null)
    {
        var request = new HttpRequestMessage(method, Base + path);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, Encoding.UTF8, "application/json")
                : JsonContent.Create(body);
        }
        if (microversion is not null)
        {
            request.Headers.Add("OpenStack-API-Version", "compute " + microversion);
        }
        return request;
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string path,
        object? body = null, string? microversion = null)
    {
        using var request = Request(method, path, body, microversion);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static JsonObject CreateBody(ApiCloud cloud, string name, string flavor = "1") => new()
    {
        ["server"] = new JsonObject { ["name"] = name, ["flavorRef"] = flavor, ["imageRef"] = cloud.Image.Id.ToString() },
    };

    /// <summary>Creates a server and returns its id (asserting the 202).</summary>
    public static async Task<string> CreateServerAsync(this HttpClient client, ApiCloud cloud, string name, string flavor = "1")
    {
        var (status, body) = await client.SendAsync(HttpMethod.Post, "/servers", CreateBody(cloud, name, flavor));
        Assert.True(status == HttpStatusCode.Accepted, $"create answered {(int)status}: {body?.ToJsonString()}");
        return (string)body!["server"]!["id"]!;
    }

    public static async Task<JsonObject> ShowAsync(this HttpClient client, string id, string? microversion = null)
    {
        var (status, body) = await client.SendAsync(HttpMethod.Get, "/servers/" + id, microversion: microversion);
        Assert.True(status == HttpStatusCode.OK, $"show answered {(int)status}: {body?.ToJsonString()}");
        return body!["server"]!.AsObject();
    }

    /// <summary>Polls until the server has <paramref name="status"/> and no task in flight (what Tempest's waiters do).</summary>
    public static async Task<JsonObject> WaitForStatusAsync(this HttpClient client, string id, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        JsonObject server;
        do
        {
            server = await client.ShowAsync(id);
            if ((string?)server["status"] == status && server["OS-EXT-STS:task_state"] is null)
            {
                return server;
            }
            await Task.Delay(10);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"server {id} is {server["status"]}/{server["OS-EXT-STS:task_state"]}, not {status}");
    }

    /// <summary>Polls until the server answers 404, as Tempest's cleanup does.</summary>
    public static async Task WaitForGoneAsync(this HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var (status, _) = await client.SendAsync(HttpMethod.Get, "/servers/" + id);
            if (status == HttpStatusCode.NotFound)
            {
                return;
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"server {id} still answers after its delete");
    }

    /// <summary>Polls until the action of <paramref name="requestId"/> has its finish recorded (the host is done with it).</summary>
    public static async Task<JsonObject> WaitForActionAsync(this HttpClient admin, string id, string action)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var (_, list) = await admin.SendAsync(HttpMethod.Get, $"/servers/{id}/os-instance-actions");
            var found = list!["instanceActions"]!.AsArray().FirstOrDefault(a => (string?)a!["action"] == action);
            if (found is not null)
            {
                var (_, shown) = await admin.SendAsync(HttpMethod.Get, $"/servers/{id}/os-instance-actions/{found["request_id"]}");
                var events = shown!["instanceAction"]!["events"]!.AsArray();
                if (events.Count > 0 && events.All(e => e!["finish_time"] is not null))
                {
                    return shown["instanceAction"]!.AsObject();
                }
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"the {action} action of {id} did not finish");
    }

    public static async Task<int> CountServersAsync(this HttpClient admin)
    {
        var (_, body) = await admin.SendAsync(HttpMethod.Get, "/servers?all_tenants=1");
        return body!["servers"]!.AsArray().Count;
    }

    public static string Message(JsonNode? body) =>
        body?.AsObject().Select(p => (string?)p.Value?["message"]).FirstOrDefault() ?? "";
}
