using System.Text.Json.Nodes;
using Kumo.Cli.Output;

namespace Kumo.Cli.Commands;

/// <summary>How the CLI shows servers: the columns and fields of `openstack server list/show` (openstackclient 6.0).</summary>
internal static class ServerView
{
    public static readonly string[] ListColumns = ["ID", "Name", "Status", "Networks", "Image", "Flavor"];

    // nova/compute/power_state.py, as openstackclient names them.
    private static readonly Dictionary<int, string> _powerStates = new()
    {
        [0] = "NOSTATE", [1] = "Running", [3] = "Paused", [4] = "Shutdown", [6] = "Crashed", [7] = "Suspended",
    };

    public static Listing List(IEnumerable<JsonObject> servers, IReadOnlyDictionary<string, string> imageNames, IReadOnlyDictionary<string, string> flavorNames) =>
        new(ListColumns, servers.Select(s => new object?[]
        {
            (string?)s["id"],
            (string?)s["name"],
            (string?)s["status"],
            Networks(s["addresses"] as JsonObject),
            Named(Id(s["image"]), imageNames) ?? "N/A (booted from volume)",
            Named(Id(s["flavor"]), flavorNames),
        }).ToList());

    public static ShowOne Show(JsonObject server, IReadOnlyDictionary<string, string> imageNames, IReadOnlyDictionary<string, string> flavorNames)
    {
        var fields = new Dictionary<string, object?>();
        foreach (var (key, value) in server)
        {
            switch (key)
            {
                case "links":
                    break;
                case "flavor":
                    fields["flavor"] = WithName(Id(value), flavorNames);
                    break;
                case "image":
                    fields["image"] = Id(value) is { } image ? WithName(image, imageNames) : "N/A (booted from volume)";
                    break;
                case "addresses":
                    fields["addresses"] = Networks(value as JsonObject);
                    break;
                case "metadata":
                    fields["properties"] = value?.DeepClone();
                    break;
                case "os-extended-volumes:volumes_attached":
                    fields["volumes_attached"] = value?.DeepClone();
                    break;
                case "OS-EXT-STS:power_state":
                    fields[key] = value is JsonValue v && v.TryGetValue<int>(out var state) && _powerStates.TryGetValue(state, out var name) ? name : value?.DeepClone();
                    break;
                default:
                    fields[key] = value?.DeepClone();
                    break;
            }
        }
        return ShowOne.Sorted(fields);
    }

    private static string? Id(JsonNode? reference) => reference switch
    {
        JsonObject o => (string?)o["id"],
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
        _ => null,
    };

    private static string? Named(string? id, IReadOnlyDictionary<string, string> names) =>
        id is null ? null : names.TryGetValue(id, out var name) ? name : id;

    private static string? WithName(string? id, IReadOnlyDictionary<string, string> names) =>
        id is null ? null : names.TryGetValue(id, out var name) ? $"{name} ({id})" : id;

    /// <summary>openstackclient's "net1=10.0.0.3, 2001:db8::3; net2=..." form.</summary>
    private static string Networks(JsonObject? addresses) =>
        addresses is null ? "" : string.Join("; ", addresses.Select(net =>
            $"{net.Key}={string.Join(", ", (net.Value as JsonArray ?? []).Select(a => (string?)a?["addr"]))}"));
}
