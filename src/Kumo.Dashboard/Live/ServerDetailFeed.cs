using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Kumo.Dashboard.Client;

namespace Kumo.Dashboard.Live;

/// <summary>
/// What an open server page follows: the server (status, fault), its console log (the last lines,
/// os-getConsoleOutput) and its instance actions with their events, each sent only when it changed.
/// An action's events are fetched again only while one of them has not finished.
/// </summary>
public sealed class ServerDetailFeed(CloudApi api, string serverId)
{
    public const int ConsoleLines = 200;

    private readonly Dictionary<string, JsonObject> _actions = new(StringComparer.Ordinal);
    private string? _server;
    private string? _console;
    private string? _actionsSent;

    public async Task<IReadOnlyList<LiveEvent>> PollAsync(CancellationToken cancellationToken)
    {
        var events = new List<LiveEvent>();
        JsonObject server;
        try
        {
            server = (JsonObject)(await api.GetAsync(api.Compute($"servers/{Uri.EscapeDataString(serverId)}"), cancellationToken))["server"]!;
        }
        catch (OpenStackApiException ex) when (ex.Status == 404)
        {
            return [new LiveEvent("gone", "{}")];
        }
        var (flavors, images) = _server is null ? await api.NamesAsync(cancellationToken) : (new(), new());
        var row = JsonSerializer.Serialize(ServerRow.From(server, flavors, images) with { Flavor = "", Image = "" });
        Add(events, "server", row, ref _server);
        var console = await ConsoleAsync(cancellationToken);
        Add(events, "console", JsonSerializer.Serialize(new { output = console }), ref _console);
        Add(events, "actions", (await ActionsAsync(cancellationToken)).ToJsonString(), ref _actionsSent);
        return events;
    }

    private static void Add(List<LiveEvent> events, string kind, string data, ref string? last)
    {
        if (data != last)
        {
            events.Add(new LiveEvent(kind, data));
            last = data;
        }
    }

    private async Task<string> ConsoleAsync(CancellationToken cancellationToken)
    {
        try
        {
            var body = await api.PostAsync(api.Compute($"servers/{Uri.EscapeDataString(serverId)}/action"),
                new JsonObject { ["os-getConsoleOutput"] = new JsonObject { ["length"] = ConsoleLines } }, cancellationToken);
            return (string?)body?["output"] ?? "";
        }
        catch (OpenStackApiException ex) when (ex.Status is 409 or 404)
        {
            // Not built yet, or no console (a state with no guest): nothing to show yet.
            return "";
        }
    }

    private async Task<JsonArray> ActionsAsync(CancellationToken cancellationToken)
    {
        var id = Uri.EscapeDataString(serverId);
        var list = await api.ListAsync(api.Compute($"servers/{id}/os-instance-actions"), "instanceActions", cancellationToken);
        var result = new JsonArray();
        foreach (var action in list.OfType<JsonObject>().Take(20))
        {
            var requestId = (string)action["request_id"]!;
            if (!_actions.TryGetValue(requestId, out var detail) || Unfinished(detail))
            {
                detail = (JsonObject)(await api.GetAsync(api.Compute($"servers/{id}/os-instance-actions/{Uri.EscapeDataString(requestId)}"),
                    cancellationToken))["instanceAction"]!;
                _actions[requestId] = detail;
            }
            result.Add(detail.DeepClone());
        }
        return result;
    }

    private static bool Unfinished(JsonObject action) =>
        (action["events"] as JsonArray ?? []).Count == 0
        || (action["events"] as JsonArray ?? []).Any(e => e?["finish_time"] is null);
}
