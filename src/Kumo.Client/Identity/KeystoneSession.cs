using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Kumo.Client.Http;

namespace Kumo.Client.Identity;

/// <summary>Requests as one token's holder (keystoneauth's Session with a token): every call carries it in X-Auth-Token.</summary>
public sealed class KeystoneSession(OpenStackHttp http, string token)
{
    public string Token { get; } = token;

    public Task<ApiResponse> SendAsync(HttpMethod method, Uri url, JsonNode? body = null, HttpContent? content = null,
        CancellationToken cancellationToken = default) =>
        http.SendAsync(method, url, Token, body, content, cancellationToken: cancellationToken);

    /// <summary>GET of a resource: an answer without a JSON body is the API's fault (502).</summary>
    public async Task<JsonNode> GetAsync(Uri url, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, url, cancellationToken: cancellationToken)).Body
        ?? throw new OpenStackApiException(502, $"{url.AbsolutePath} answered with no JSON body.", null);
}
