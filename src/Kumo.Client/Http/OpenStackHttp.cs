using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kumo.Client.Errors;

namespace Kumo.Client.Http;

/// <summary>
/// The one way out to Kumo's APIs for its clients (the kumo CLI, the dashboard): JSON in and out, the
/// caller's token, Nova's microversion header, and every error answer turned into an
/// <see cref="OpenStackApiException"/> with the service's own message (<see cref="ErrorBody"/>); an API
/// that does not answer at all is an <see cref="ApiUnreachableException"/>.
/// </summary>
public sealed class OpenStackHttp(HttpClient http)
{
    /// <summary>Nova's base microversion, as novaclient in openstackclient 6.0 asks for it.</summary>
    public const string ComputeMicroversion = "2.1";

    public async Task<ApiResponse> SendAsync(HttpMethod method, Uri url, string? token, JsonNode? body = null, HttpContent? content = null,
        string? subjectToken = null, CancellationToken cancellationToken = default)
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
            throw new ApiUnreachableException(url, ex);
        }
        using (response)
        {
            // Parsed from the UTF-8 bytes: the list of 1,000 servers is 1.5 MB, which as a string would be
            // transcoded to 3 MB of UTF-16 first (the dashboard's ui.server_list_ms).
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? new ApiResponse(response.StatusCode, response.Headers, JsonText.TryParse(bytes))
                : throw ErrorBody.ToException(response, bytes);
        }
    }
}
