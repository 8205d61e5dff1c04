using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kumo.Dashboard.Live;

/// <summary>One server as the list shows it (and as the live stream sends it): names resolved, states spelled out.</summary>
public sealed record ServerRow(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("task")] string? Task,
    [property: JsonPropertyName("power")] string Power,
    [property: JsonPropertyName("addresses")] string Addresses,
    [property: JsonPropertyName("flavor")] string Flavor,
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("created")] string Created,
    [property: JsonPropertyName("fault")] string? Fault)
{
    /// <summary>The row the page's script copies for a server that appears while the list is open.</summary>
    public static ServerRow Template { get; } = new("", "", "", null, "", "", "", "", "", null);

    /// <summary>Nova's power_state numbers (nova/compute/power_state.py).</summary>
    public static string PowerName(int? state) => state switch
    {
        1 => "Running",
        3 => "Paused",
        4 => "Shut down",
        6 => "Crashed",
        7 => "Suspended",
        _ => "No state",
    };

    public static ServerRow From(JsonObject server, IReadOnlyDictionary<string, string> flavors, IReadOnlyDictionary<string, string> images)
    {
        var flavorId = (string?)server["flavor"]?["id"] ?? "";
        var imageId = server["image"] is JsonObject image ? (string?)image["id"] ?? "" : "";
        var fault = server["fault"] is JsonObject f ? $"{(string?)f["message"]} (code {(int?)f["code"]})" : null;
        return new ServerRow((string)server["id"]!, (string?)server["name"] ?? "", (string?)server["status"] ?? "UNKNOWN",
            (string?)server["OS-EXT-STS:task_state"], PowerName((int?)server["OS-EXT-STS:power_state"]), FormatAddresses(server["addresses"] as JsonObject),
            flavors.GetValueOrDefault(flavorId, flavorId), images.GetValueOrDefault(imageId, imageId), (string?)server["created"] ?? "", fault);
    }

    /// <summary>"net: 10.0.0.3, fd00::3; other: ..." in the API's order.</summary>
    private static string FormatAddresses(JsonObject? addresses) => addresses is null ? "" : string.Join("; ", addresses.Select(network =>
        network.Key + ": " + string.Join(", ", (network.Value as JsonArray ?? []).Select(a => (string?)a?["addr"]))));

    /// <summary>How long ago, coarsely ("12 s", "5 min", "3 h", "2 d").</summary>
    public static string Age(string created, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return "";
        }
        var age = now - at;
        return age.TotalSeconds < 60 ? $"{Math.Max(0, (int)age.TotalSeconds)} s"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} min"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} h"
            : $"{(int)age.TotalDays} d";
    }
}
