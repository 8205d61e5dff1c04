using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kumo.Dashboard.Client;

/// <summary>
/// The dashboard's one way out to the API, as the CLI's: JSON in and out, the user's token, Nova's
/// microversion header, and every error answer turned into an <see cref="ApiError"/> with the service's
/// own message (Nova's {"badRequest": {"message"}}, Keystone's {"error": {"message"}}, Glance's text).
/// </summary>
public sealed class OpenStackHttp(HttpClient http)
{
    public const string ComputeMicroversion = "2.1";

    public async Task<(JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, Uri url, string? token,
        JsonNode? body = null, HttpContent? content = null, string? subjectToken = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Add("X-Auth-Token", token);
        }
        if (subjectToken is not null)
        {
            request.Headers.Add("X-Subject-Token", subjectToken);
        }
        request.Headers.Add("OpenStack-API-Version", "compute " + ComputeMicroversion);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = content ?? (body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiError(503, $"The API at {url.GetLeftPart(UriPartial.Authority)} could not be reached: {ex.Message}", null);
        }
        // Parsed from the UTF-8 bytes: the list of 1,000 servers is 1.5 MB, which as a string would be
        // transcoded to 3 MB of UTF-16 first (ui.server_list_ms).
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Error(response, Encoding.UTF8.GetString(bytes));
        }
        return (Parse(bytes), response);
    }

    private static JsonNode? Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    private static JsonNode? Parse(byte[] utf8)
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

    private static ApiError Error(HttpResponseMessage response, string text)
    {
        var body = Parse(text) as JsonObject;
        var message = body?["message"] as JsonValue
            ?? body?.Select(p => (p.Value as JsonObject)?["message"] as JsonValue).FirstOrDefault(m => m is not null);
        var requestId = response.Headers.TryGetValues("x-openstack-request-id", out var ids) ? ids.FirstOrDefault() : null;
        var fallback = (int)response.StatusCode == 401 ? "The request you have made requires authentication."
            : string.IsNullOrWhiteSpace(text) || text.Length > 500 ? response.ReasonPhrase ?? "Error" : text.Trim();
        var messageText = message?.TryGetValue<string>(out var m) == true ? m : fallback;
        return new ApiError((int)response.StatusCode, messageText, requestId);
    }
}
