using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kumo.Client.Http;

/// <summary>A body as JSON, or null when it is empty or not JSON (an error page, a plain-text message).</summary>
internal static class JsonText
{
    public static JsonNode? TryParse(byte[] utf8)
    {
        if (utf8.Length == 0)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(utf8);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
