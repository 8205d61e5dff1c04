using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Kumo.EndToEndTests;

/// <summary>Nova calls as a user makes them (POST, polled GETs, actions, DELETE), on a client of <see cref="LibvirtCloud"/>.</summary>
public static class ServerRequests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// POST /servers (m1.tiny; no networks asked at 2.1) and waits until the server settled (ACTIVE or ERROR, no task)
    /// and its create action finished (the last step of a build); returns the server as shown then.
    /// </summary>
    public static async Task<(Guid Id, JsonObject Server)> BootAsync(this HttpClient client, string name, Guid image)
    {
        using var response = await client.PostAsJsonAsync("/compute/v2.1/servers", new JsonObject
        {
            ["server"] = new JsonObject { ["name"] = name, ["flavorRef"] = "1", ["imageRef"] = image.ToString() },
        }, CancellationToken.None);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var id = Guid.Parse((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["server"]!["id"]!);
        await client.WaitForAsync(id, s => (string?)s["status"] is "ACTIVE" or "ERROR" && s["OS-EXT-STS:task_state"] is null, "settle", LibvirtCloud.BootTimeout);
        await client.WaitForCreateFinishedAsync(id);
        return (id, await client.ShowAsync(id) ?? throw new InvalidOperationException($"Server {id} vanished after its build."));
    }

    /// <summary>GET /servers/{id} (microversion 2.1), or null once it answers 404.</summary>
    public static async Task<JsonObject?> ShowAsync(this HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/compute/v2.1/servers/{id}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        Assert.True(response.IsSuccessStatusCode, $"show answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["server"]!.AsObject();
    }

    public static async Task<JsonObject> WaitForAsync(this HttpClient client, Guid id, Func<JsonObject, bool> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var server = await client.ShowAsync(id) ?? throw new InvalidOperationException($"Server {id} is gone while waiting for it to {what}.");
            if (condition(server))
            {
                return server;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Server {id} did not {what} within {timeout.TotalSeconds} s: {server["status"]}/{server["OS-EXT-STS:task_state"]}.");
            }
            await Task.Delay(Poll);
        }
    }

    /// <summary>POST /servers/{id}/action with one action (os-stop, os-start, reboot ...); asserts the 202.</summary>
    public static async Task ActAsync(this HttpClient client, Guid id, string action, JsonNode? argument = null)
    {
        using var response = await client.PostAsJsonAsync($"/compute/v2.1/servers/{id}/action", new JsonObject { [action] = argument });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{action} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>os-getConsoleOutput, polled until <paramref name="marker"/> is there with its whole line.</summary>
    public static async Task<string> WaitForConsoleAsync(this HttpClient client, Guid id, string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await client.PostAsJsonAsync($"/compute/v2.1/servers/{id}/action", new JsonObject { ["os-getConsoleOutput"] = new JsonObject() });
            var output = response.IsSuccessStatusCode ? (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["output"] ?? "" : "";
            var at = output.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && output.IndexOf('\n', at) >= 0)
            {
                return output;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The console of {id} did not show {marker} within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>DELETE /servers/{id}, then polls until it answers 404.</summary>
    public static async Task DeleteAsync(HttpClient client, Guid id)
    {
        using (var response = await client.DeleteAsync($"/compute/v2.1/servers/{id}"))
        {
            Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"delete answered {(int)response.StatusCode}");
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await client.ShowAsync(id) is not null)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Server {id} still answers 60 s after its delete.");
            }
            await Task.Delay(Poll);
        }
    }

    /// <summary>The create action's events all have their finish (the host is done with the build).</summary>
    private static async Task WaitForCreateFinishedAsync(this HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow + LibvirtCloud.BootTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var list = await client.GetFromJsonAsync<JsonObject>($"/compute/v2.1/servers/{id}/os-instance-actions");
            if (list!["instanceActions"]!.AsArray().FirstOrDefault(a => (string?)a!["action"] == "create") is { } create)
            {
                var shown = await client.GetFromJsonAsync<JsonObject>($"/compute/v2.1/servers/{id}/os-instance-actions/{create["request_id"]}");
                var events = shown!["instanceAction"]!["events"]!.AsArray();
                if (events.Count > 0 && events.All(e => e!["finish_time"] is not null))
                {
                    return;
                }
            }
            await Task.Delay(Poll);
        }
        throw new TimeoutException($"The create action of {id} did not finish.");
    }
}
