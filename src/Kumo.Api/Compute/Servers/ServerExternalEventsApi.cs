using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Compute.Api;
using Kumo.Objects.Events;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// POST /os-server-external-events (Nova's server_external_events controller): how the network
/// service tells compute that a port is plugged, unplugged or changed. Admin only. Each event answers
/// with its code (200 accepted, 404 no such server, 422 server not on a host yet); the response is
/// 200 when all were accepted, 207 when some were, 404 when none was.
/// </summary>
public static class ServerExternalEventsApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapPost("/os-server-external-events", async (HttpContext http, ComputeApi compute) =>
        {
            var context = http.KumoContext();
            Policy.RequireAdmin(context, "os_compute_api:os-server-external-events:create");
            var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted);
            var events = Parse(body);
            var outcomes = await compute.ExternalInstanceEventAsync(context, events, http.RequestAborted);
            if (!outcomes.Any(o => o.IsAccepted))
            {
                throw ApiException.NotFound("No instances found for any event");
            }
            var response = new JsonArray([.. outcomes.Select(View)]);
            return Results.Json(new JsonObject { ["events"] = response }, statusCode: outcomes.All(o => o.IsAccepted) ? 200 : 207);
        });
    }

    /// <summary>Nova's schema: events, at least one, each {server_uuid (uuid), name (enum), status (enum), tag (≤ 255)}.</summary>
    private static List<ExternalInstanceEvent> Parse(JsonObject body)
    {
        NovaInput.OnlyKnown(body, ["events"]);
        if (!body.TryGetPropertyValue("events", out var node))
        {
            throw ApiException.BadRequest("'events' is a required property");
        }
        if (node is not JsonArray list)
        {
            throw NovaInput.Invalid("events", node, $"{node?.ToJsonString() ?? "None"} is not of type 'array'");
        }
        if (list.Count == 0)
        {
            throw NovaInput.Invalid("events", node, "[] is too short");
        }
        return [.. list.Select(Event)];
    }

    private static ExternalInstanceEvent Event(JsonNode? item)
    {
        if (item is not JsonObject e)
        {
            throw NovaInput.Invalid("events", item, $"{item?.ToJsonString() ?? "None"} is not of type 'object'");
        }
        NovaInput.OnlyKnown(e, ["server_uuid", "name", "status", "tag"]);
        foreach (var required in new[] { "server_uuid", "name" })
        {
            if (!e.ContainsKey(required))
            {
                throw ApiException.BadRequest($"'{required}' is a required property");
            }
        }
        var uuid = NovaInput.Uuid(NovaInput.String(e, "server_uuid")!, "server_uuid");
        var name = OneOf(e, "name", ExternalInstanceEvent.Names)!;
        var status = OneOf(e, "status", ExternalInstanceEvent.Statuses) ?? ExternalInstanceEvent.Completed;
        var tag = NovaInput.String(e, "tag", 0, 255);
        return new ExternalInstanceEvent(uuid, name, tag, status);
    }

    private static string? OneOf(JsonObject e, string field, IReadOnlyList<string> allowed)
    {
        var text = NovaInput.String(e, field);
        if (text is not null && !allowed.Contains(text))
        {
            throw NovaInput.Invalid(field, e[field], $"'{text}' is not one of [{string.Join(", ", allowed.Select(a => $"'{a}'"))}]");
        }
        return text;
    }

    /// <summary>The event as sent, with Nova's status (completed once accepted, failed otherwise) and code.</summary>
    private static JsonNode View(ExternalEventOutcome outcome)
    {
        var view = new JsonObject
        {
            ["server_uuid"] = outcome.Event.ServerUuid.ToString(),
            ["name"] = outcome.Event.Name,
            ["status"] = outcome.IsAccepted ? ExternalInstanceEvent.Completed : ExternalInstanceEvent.Failed,
        };
        if (outcome.Event.Tag is { } tag)
        {
            view["tag"] = tag;
        }
        view["code"] = outcome.Code;
        return view;
    }
}
