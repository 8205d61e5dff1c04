using System.Text.Json.Nodes;

namespace Kumo.Dashboard.Client;

/// <summary>What a token gives the dashboard: the token, who and where, and the catalog's endpoints.</summary>
public sealed record ScopedToken(string Token, string UserId, string UserName, string ProjectId, string ProjectName,
    IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt, string ComputeUrl, string ImageUrl, string? NetworkUrl);

/// <summary>A project the user may scope to (GET /v3/auth/projects).</summary>
public sealed record ProjectChoice(string Id, string Name);

/// <summary>Keystone v3 as the dashboard uses it: password login, rescoping by token, revocation, the user's projects.</summary>
public sealed class Keystone(OpenStackHttp http, Uri identityV3)
{
    public Task<ScopedToken> LoginAsync(string userName, string password, string domain, string? projectName, CancellationToken cancellationToken)
    {
        var identity = new JsonObject
        {
            ["methods"] = new JsonArray("password"),
            ["password"] = new JsonObject
            {
                ["user"] = new JsonObject { ["name"] = userName, ["domain"] = new JsonObject { ["name"] = domain }, ["password"] = password },
            },
        };
        return projectName is null
            ? LoginToFirstProjectAsync(identity, cancellationToken)
            : IssueAsync(identity, new JsonObject { ["project"] = new JsonObject { ["name"] = projectName, ["domain"] = new JsonObject { ["name"] = domain } } },
                cancellationToken);
    }

    /// <summary>No project named: an unscoped token, the user's first project (by name), then that token is revoked.</summary>
    private async Task<ScopedToken> LoginToFirstProjectAsync(JsonObject identity, CancellationToken cancellationToken)
    {
        var (unscoped, _) = await RawIssueAsync(identity, null, cancellationToken);
        try
        {
            var projects = await ProjectsAsync(unscoped, cancellationToken);
            return projects.Count == 0
                ? throw new ApiError(403, "The user has no role on any project: ask an administrator for one.", null)
                : await RescopeAsync(unscoped, projects[0].Id, cancellationToken);
        }
        finally
        {
            await RevokeAsync(unscoped, cancellationToken);
        }
    }

    /// <summary>A token for another of the user's projects, from the current one (Keystone's token method).</summary>
    public Task<ScopedToken> RescopeAsync(string token, string projectId, CancellationToken cancellationToken) => IssueAsync(
        new JsonObject { ["methods"] = new JsonArray("token"), ["token"] = new JsonObject { ["id"] = token } },
        new JsonObject { ["project"] = new JsonObject { ["id"] = projectId } }, cancellationToken);

    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            await http.SendAsync(HttpMethod.Delete, Url("auth/tokens"), token, subjectToken: token, cancellationToken: cancellationToken);
        }
        catch (ApiError ex) when (ex.Status is 401 or 404)
        {
            // Already expired or revoked: logging out still ends the session.
        }
    }

    public async Task<IReadOnlyList<ProjectChoice>> ProjectsAsync(string token, CancellationToken cancellationToken)
    {
        var (body, _) = await http.SendAsync(HttpMethod.Get, Url("auth/projects"), token, cancellationToken: cancellationToken);
        return (body?["projects"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(p => (bool?)p["enabled"] != false)
            .Select(p => new ProjectChoice((string)p["id"]!, (string?)p["name"] ?? (string)p["id"]!))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }

    private Uri Url(string path) => new(identityV3, path);

    private async Task<ScopedToken> IssueAsync(JsonObject identity, JsonNode? scope, CancellationToken cancellationToken)
    {
        var (id, token) = await RawIssueAsync(identity, scope, cancellationToken);
        var catalog = token["catalog"] as JsonArray ?? [];
        var project = token["project"] as JsonObject
            ?? throw new ApiError(403, "The user has no role on any project: ask an administrator for one.", null);
        return new ScopedToken(id, (string)token["user"]!["id"]!, (string)token["user"]!["name"]!,
            (string)project["id"]!, (string?)project["name"] ?? "",
            (token["roles"] as JsonArray ?? []).Select(r => (string)r!["name"]!).ToList(),
            DateTimeOffset.Parse((string)token["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture),
            Endpoint(catalog, "compute") ?? throw new ApiError(502, "The catalog has no public compute endpoint.", null),
            Endpoint(catalog, "image") ?? throw new ApiError(502, "The catalog has no public image endpoint.", null),
            Endpoint(catalog, "network"));
    }

    private async Task<(string Id, JsonObject Token)> RawIssueAsync(JsonObject identity, JsonNode? scope, CancellationToken cancellationToken)
    {
        var auth = new JsonObject { ["identity"] = identity };
        if (scope is not null)
        {
            auth["scope"] = scope;
        }
        var (body, response) = await http.SendAsync(HttpMethod.Post, Url("auth/tokens"), null, new JsonObject { ["auth"] = auth },
            cancellationToken: cancellationToken);
        var id = response.Headers.TryGetValues("X-Subject-Token", out var values) ? values.First()
            : throw new ApiError(502, "Keystone answered without an X-Subject-Token header.", null);
        var token = body?["token"] as JsonObject ?? throw new ApiError(502, "Keystone answered without a token body.", null);
        return (id, token);
    }

    private static string? Endpoint(JsonArray catalog, string type) => catalog.OfType<JsonObject>()
        .Where(s => (string?)s["type"] == type)
        .SelectMany(s => (s["endpoints"] as JsonArray ?? []).OfType<JsonObject>())
        .Where(e => (string?)e["interface"] == "public")
        .Select(e => ((string?)e["url"])?.TrimEnd('/') + "/")
        .FirstOrDefault();
}
