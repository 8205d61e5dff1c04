using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Compute.Api;
using Kumo.Compute.Rpc;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// POST /servers/{id}/action: one member naming the action (os-stop, os-start, reboot,
/// os-getConsoleOutput, forceDelete, restore). Each answers 202 once the task state is claimed and the
/// action recorded (console output answers 200 with the text); a state that does not allow it is 409.
/// </summary>
public static class ServerActionsApi
{
    private static readonly string[] Actions = ["os-stop", "os-start", "reboot", "os-getConsoleOutput", "forceDelete", "restore"];

    public static void Map(RouteGroupBuilder v21) =>
        v21.MapPost("/servers/{id}/action", async (HttpContext http, string id, ComputeApi compute) =>
        {
            var uuid = ServersApi.ServerId(id);
            var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted);
            if (body.Count != 1)
            {
                throw ApiException.BadRequest(body.Count == 0 ? "The action body is empty: name one action." : "Name exactly one action per request.");
            }
            var (action, argument) = body.First();
            var context = http.KumoContext();
            var ct = http.RequestAborted;
            // The server first: Nova's controllers for the actions it has (rebuild among them) look the
            // server up before anything else, so a missing or deleted one is 404 whatever the action.
            await compute.GetAsync(context, uuid, ct);
            if (!Actions.Contains(action))
            {
                // What Nova answers for an action name it has no controller for.
                throw ApiException.BadRequest($"There is no such action: {action}");
            }
            switch (action)
            {
                case "restore":
                    NoArgument(action, argument);
                    Policy.RequireWrite(context, "os_compute_api:os-deferred-delete:restore");
                    await compute.RestoreAsync(context, uuid, ct);
                    return Results.StatusCode(202);
                case "os-stop":
                    NoArgument(action, argument);
                    Policy.RequireWrite(context, "os_compute_api:servers:stop");
                    await compute.StopAsync(context, uuid, ct);
                    return Results.StatusCode(202);
                case "os-start":
                    NoArgument(action, argument);
                    Policy.RequireWrite(context, "os_compute_api:servers:start");
                    await compute.StartAsync(context, uuid, ct);
                    return Results.StatusCode(202);
                case "reboot":
                    var type = RebootTypeOf(argument);
                    Policy.RequireWrite(context, "os_compute_api:servers:reboot");
                    await compute.RebootAsync(context, uuid, type, ct);
                    return Results.StatusCode(202);
                case "forceDelete":
                    NoArgument(action, argument);
                    Policy.RequireWrite(context, "os_compute_api:os-deferred-delete:force");
                    await compute.ForceDeleteAsync(context, uuid, ct);
                    return Results.StatusCode(202);
                default:
                    var length = ConsoleLength(argument);
                    Policy.RequireWrite(context, "os_compute_api:os-console-output");
                    var output = await compute.GetConsoleOutputAsync(context, uuid, length, ct);
                    return Results.Json(new JsonObject { ["output"] = output });
            }
        });

    /// <summary>Nova's schemas for os-stop, os-start and forceDelete: null (or an empty object, which clients also send).</summary>
    private static void NoArgument(string action, JsonNode? argument)
    {
        if (argument is not null and not JsonObject { Count: 0 })
        {
            throw NovaInput.Invalid(action, argument, $"{argument.ToJsonString()} is not of type 'null'");
        }
    }

    private static RebootType RebootTypeOf(JsonNode? argument)
    {
        var reboot = argument as JsonObject ?? throw NovaInput.Invalid("reboot", argument, $"{argument?.ToJsonString() ?? "None"} is not of type 'object'");
        NovaInput.OnlyKnown(reboot, ["type"]);
        var type = NovaInput.String(reboot, "type") ?? throw ApiException.BadRequest("'type' is a required property");
        return type.ToUpperInvariant() switch
        {
            "SOFT" => RebootType.Soft,
            "HARD" => RebootType.Hard,
            _ => throw NovaInput.Invalid("type", reboot["type"], $"'{type}' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']"),
        };
    }

    /// <summary>Nova's get_console_output schema: length is an integer ≥ -1 (or its digits as a string), or null for all.</summary>
    private static int? ConsoleLength(JsonNode? argument)
    {
        var body = argument as JsonObject ?? throw NovaInput.Invalid("os-getConsoleOutput", argument, $"{argument?.ToJsonString() ?? "None"} is not of type 'object'");
        NovaInput.OnlyKnown(body, ["length"]);
        if (body["length"] is null)
        {
            return null;
        }
        if (body["length"] is JsonValue v && v.TryGetValue<int>(out var n) && n == -1)
        {
            return null;
        }
        return NovaInput.Integer(body, "length", 0);
    }
}
