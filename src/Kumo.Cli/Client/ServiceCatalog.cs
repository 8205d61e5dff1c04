using System.Text.Json.Nodes;

namespace Kumo.Cli.Client;

/// <summary>The token's service catalog: the endpoint of a service type for one interface and region.</summary>
public sealed class ServiceCatalog(JsonArray catalog, string @interface, string? region)
{
    public Uri EndpointFor(string serviceType)
    {
        foreach (var service in catalog.OfType<JsonObject>().Where(s => (string?)s["type"] == serviceType))
        {
            var endpoint = (service["endpoints"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(e =>
                (string?)e["interface"] == @interface && (region is null || (string?)e["region_id"] == region || (string?)e["region"] == region));
            if (endpoint?["url"] is JsonValue url)
            {
                var text = url.GetValue<string>();
                return new Uri(text.EndsWith('/') ? text : text + "/");
            }
        }
        var where = region is null ? "" : $" in region {region}";
        throw new CliException($"The service catalog has no {@interface} endpoint for {serviceType}{where}.");
    }
}
