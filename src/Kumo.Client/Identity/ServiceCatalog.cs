using System.Text.Json.Nodes;

namespace Kumo.Client.Identity;

/// <summary>A token's service catalog: the endpoint of a service type (compute, image, network) for one interface and region.</summary>
public sealed class ServiceCatalog(JsonArray services)
{
    public static ServiceCatalog Empty { get; } = new([]);

    /// <summary>The first endpoint of the type for the interface (and region, when one is asked for), always ending in '/'; null when there is none.</summary>
    public Uri? Find(string serviceType, string @interface = "public", string? region = null)
    {
        foreach (var service in services.OfType<JsonObject>().Where(s => (string?)s["type"] == serviceType))
        {
            var endpoint = (service["endpoints"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(e =>
                (string?)e["interface"] == @interface && (region is null || (string?)e["region_id"] == region || (string?)e["region"] == region));
            if (endpoint?["url"] is JsonValue url && url.TryGetValue<string>(out var text))
            {
                return new Uri(text.EndsWith('/') ? text : text + "/");
            }
        }
        return null;
    }
}
