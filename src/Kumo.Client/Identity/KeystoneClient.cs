using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Kumo.Client.Http;

namespace Kumo.Client.Identity;

/// <summary>Keystone v3's token API as the clients use it: issue (password or token method, scoped or not), revoke, the user's projects.</summary>
public sealed class KeystoneClient(OpenStackHttp http, Uri identityV3)
{
    /// <summary>POST /v3/auth/tokens; <paramref name="scope"/> null: unscoped (or the user's default project, as Keystone decides).</summary>
    public async Task<KeystoneToken> IssueAsync(JsonObject identity, JsonObject? scope, CancellationToken cancellationToken)
    {
        var auth = new JsonObject { ["identity"] = identity };
        if (scope is not null)
        {
            auth["scope"] = scope;
        }
        var answer = await http.SendAsync(HttpMethod.Post, Url("auth/tokens"), null, new JsonObject { ["auth"] = auth }, cancellationToken: cancellationToken);
        var id = answer.Header("X-Subject-Token") ?? throw new OpenStackApiException(502, "Keystone answered without an X-Subject-Token header.", answer.RequestId);
        var token = answer.Body?["token"] as JsonObject ?? throw new OpenStackApiException(502, "Keystone answered without a token body.", answer.RequestId);
        return KeystoneToken.From(id, token);
    }

    /// <summary>DELETE /v3/auth/tokens: a token already expired or revoked (401, 404) counts as revoked.</summary>
    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            await http.SendAsync(HttpMethod.Delete, Url("auth/tokens"), token, subjectToken: token, cancellationToken: cancellationToken);
        }
        catch (OpenStackApiException ex) when (ex.Status is 401 or 404)
        {
            // Already gone: what the caller wanted (signing out still ends the session).
        }
    }

    /// <summary>GET /v3/auth/projects: the enabled projects the token's user has a role on, by name.</summary>
    public async Task<IReadOnlyList<KeystoneProject>> ProjectsAsync(string token, CancellationToken cancellationToken)
    {
        var answer = await http.SendAsync(HttpMethod.Get, Url("auth/projects"), token, cancellationToken: cancellationToken);
        return (answer.Body?["projects"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(p => (bool?)p["enabled"] != false && (string?)p["id"] is not null)
            .Select(p => new KeystoneProject((string)p["id"]!, (string?)p["name"] ?? (string)p["id"]!))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }

    private Uri Url(string path) => new(identityV3, path);
}
