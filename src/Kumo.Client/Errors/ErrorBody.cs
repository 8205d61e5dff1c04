using System.Net;
using System.Text.Json.Nodes;
using Kumo.Client.Http;

namespace Kumo.Client.Errors;

/// <summary>
/// The message of an error answer, wherever the service puts it: Nova's {"itemNotFound": {"code": 404,
/// "message": ...}}, Keystone's {"error": {"code": 401, "message": ..., "title": ...}}, Glance's
/// {"message": ...}; else the body's text when it is short, else the reason phrase.
/// </summary>
public static class ErrorBody
{
    /// <summary>What Keystone's middleware says for a 401 without a body (keystonemiddleware's auth_token).</summary>
    public const string AuthenticationRequired = "The request you have made requires authentication.";

    // Longer bodies are pages (an HTML error of a proxy), not messages worth a line.
    private const int LongestTextMessage = 500;

    public static OpenStackApiException ToException(HttpResponseMessage response, byte[] utf8)
    {
        var text = System.Text.Encoding.UTF8.GetString(utf8);
        var body = JsonText.TryParse(utf8) as JsonObject;
        var message = body?["message"] as JsonValue
            ?? body?.Select(p => (p.Value as JsonObject)?["message"] as JsonValue).FirstOrDefault(m => m is not null);
        var fallback = response.StatusCode == HttpStatusCode.Unauthorized ? AuthenticationRequired
            : string.IsNullOrWhiteSpace(text) || text.Length > LongestTextMessage ? response.ReasonPhrase ?? "Error" : text.Trim();
        var messageText = message?.TryGetValue<string>(out var m) == true ? m : fallback;
        return new OpenStackApiException((int)response.StatusCode, messageText, ApiResponse.RequestIdOf(response.Headers));
    }
}
