using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kumo.Cli.Client;

/// <summary>
/// The one place requests go out: JSON in and out, the token, Nova's microversion header, and every
/// error answer turned into an <see cref="ApiErrorException"/> carrying the service's own message.
/// </summary>
public sealed class ApiHttp(HttpClient http)
{
    public const string ComputeMicroversion = "2.1";

    public string? Token { get; set; }

    public async Task<(JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, Uri url, JsonNode? body = null,
        HttpContent? content = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, url);
        if (Token is not null)
        {
            request.Headers.Add("X-Auth-Token", Token);
        }
        request.Headers.Add("OpenStack-API-Version", "compute " + ComputeMicroversion);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = content ?? (body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException or IOException || ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new CliException($"Could not reach {url.GetLeftPart(UriPartial.Authority)}: {ex.Message}. Is kumo serve running? (tools/kumo-service.sh status)");
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Error(response, text);
        }
        return (Parse(text), response);
    }

    public async Task<JsonNode> GetAsync(Uri url, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, url, cancellationToken: cancellationToken)).Body ?? throw new CliException($"{url} answered with no body.");

    private static JsonNode? Parse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Nova's {"itemNotFound": {"message"}}, Keystone's {"error": {"message"}}, Glance's {"message"}: the message, wherever it is.</summary>
    private static ApiErrorException Error(HttpResponseMessage response, string text)
    {
        var body = Parse(text) as JsonObject;
        var message = body?["message"] as JsonValue
            ?? body?.Select(p => (p.Value as JsonObject)?["message"] as JsonValue).FirstOrDefault(m => m is not null);
        var requestId = response.Headers.TryGetValues("x-openstack-request-id", out var ids) ? ids.FirstOrDefault() : null;
        var fallback = response.StatusCode == HttpStatusCode.Unauthorized ? "The request you have made requires authentication."
            : string.IsNullOrWhiteSpace(text) || text.Length > 500 ? response.ReasonPhrase ?? "Error" : text.Trim();
        var messageText = message?.TryGetValue<string>(out var m) == true ? m : fallback;
        return new ApiErrorException((int)response.StatusCode, messageText, requestId);
    }
}
