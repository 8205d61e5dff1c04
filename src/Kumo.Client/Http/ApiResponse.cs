using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Kumo.Client.Http;

/// <summary>A successful answer: its status, headers and JSON body (null when empty or not JSON).</summary>
public sealed record ApiResponse(HttpStatusCode Status, HttpResponseHeaders Headers, JsonNode? Body)
{
    public const string RequestIdHeader = "x-openstack-request-id";

    /// <summary>The id the service filed the request under (Nova's instance actions, its logs), when it said one.</summary>
    public string? RequestId => RequestIdOf(Headers);

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    internal static string? RequestIdOf(HttpResponseHeaders headers) =>
        headers.TryGetValues(RequestIdHeader, out var ids) ? ids.FirstOrDefault() : null;
}
