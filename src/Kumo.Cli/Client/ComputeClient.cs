using System.Text.Json.Nodes;
using Kumo.Client.Identity;

namespace Kumo.Cli.Client;

/// <summary>Nova v2.1 as the CLI uses it (microversion 2.1, as novaclient in openstackclient 6.0).</summary>
public sealed class ComputeClient(KeystoneSession http, Uri endpoint)
{
    public async Task<List<JsonObject>> ListServersAsync(CancellationToken cancellationToken) =>
        await ListPagedAsync(new Uri(endpoint, "servers/detail"), "servers", cancellationToken);

    public async Task<JsonObject> GetServerAsync(string id, CancellationToken cancellationToken) =>
        Object(await http.GetAsync(new Uri(endpoint, "servers/" + Uri.EscapeDataString(id)), cancellationToken), "server");

    public async Task<JsonObject> CreateServerAsync(JsonObject server, CancellationToken cancellationToken)
    {
        var answer = await http.SendAsync(HttpMethod.Post, new Uri(endpoint, "servers"), new JsonObject { ["server"] = server }, cancellationToken: cancellationToken);
        return Object(answer.Body, "server");
    }

    public Task DeleteServerAsync(string id, CancellationToken cancellationToken) =>
        http.SendAsync(HttpMethod.Delete, new Uri(endpoint, "servers/" + Uri.EscapeDataString(id)), cancellationToken: cancellationToken);

    /// <summary>POST /servers/{id}/action with one action (os-stop, os-start, reboot, os-getConsoleOutput).</summary>
    public async Task<JsonNode?> ActionAsync(string id, string action, JsonNode? argument, CancellationToken cancellationToken)
    {
        var body = new JsonObject { [action] = argument };
        return (await http.SendAsync(HttpMethod.Post, new Uri(endpoint, $"servers/{Uri.EscapeDataString(id)}/action"), body, cancellationToken: cancellationToken)).Body;
    }

    public async Task<List<JsonObject>> ListActionsAsync(string id, CancellationToken cancellationToken) =>
        Array(await http.GetAsync(new Uri(endpoint, $"servers/{Uri.EscapeDataString(id)}/os-instance-actions"), cancellationToken), "instanceActions");

    public async Task<JsonObject> GetActionAsync(string id, string requestId, CancellationToken cancellationToken) =>
        Object(await http.GetAsync(new Uri(endpoint, $"servers/{Uri.EscapeDataString(id)}/os-instance-actions/{Uri.EscapeDataString(requestId)}"), cancellationToken), "instanceAction");

    public async Task<List<JsonObject>> ListFlavorsAsync(CancellationToken cancellationToken) =>
        await ListPagedAsync(new Uri(endpoint, "flavors/detail"), "flavors", cancellationToken);

    public async Task<JsonObject> GetFlavorAsync(string id, CancellationToken cancellationToken) =>
        Object(await http.GetAsync(new Uri(endpoint, "flavors/" + Uri.EscapeDataString(id)), cancellationToken), "flavor");

    /// <summary>Follows Nova's `{name}_links` rel=next until the last page.</summary>
    private async Task<List<JsonObject>> ListPagedAsync(Uri first, string name, CancellationToken cancellationToken)
    {
        var all = new List<JsonObject>();
        for (Uri? page = first; page is not null;)
        {
            var body = await http.GetAsync(page, cancellationToken);
            all.AddRange(Array(body, name));
            var next = (body[name + "_links"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(l => (string?)l["rel"] == "next");
            page = next?["href"] is JsonValue href ? new Uri(href.GetValue<string>()) : null;
        }
        return all;
    }

    internal static JsonObject Object(JsonNode? body, string name) =>
        body?[name] as JsonObject ?? throw new CliException($"The answer has no '{name}' object.");

    internal static List<JsonObject> Array(JsonNode? body, string name) =>
        (body?[name] as JsonArray ?? throw new CliException($"The answer has no '{name}' list.")).OfType<JsonObject>().ToList();
}
