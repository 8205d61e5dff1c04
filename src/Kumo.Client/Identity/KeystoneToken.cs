using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Client.Errors;

namespace Kumo.Client.Identity;

/// <summary>
/// A token Keystone issued (POST /v3/auth/tokens): its id (the X-Subject-Token header), who it is for,
/// its project scope (none for an unscoped token), roles, expiry and the catalog that came with it.
/// </summary>
public sealed record KeystoneToken(string Id, string UserId, string UserName, KeystoneProject? Project, IReadOnlyList<string> Roles,
    DateTimeOffset ExpiresAt, ServiceCatalog Catalog)
{
    /// <summary>Reads Keystone's token document ({"token": {...}}).</summary>
    public static KeystoneToken From(string id, JsonObject token)
    {
        var project = token["project"] is JsonObject p && (string?)p["id"] is { } projectId ? new KeystoneProject(projectId, (string?)p["name"] ?? "") : null;
        var expires = (string?)token["expires_at"] ?? throw new OpenStackApiException(502, "Keystone's token has no expires_at.", null);
        return new KeystoneToken(id, (string?)token["user"]?["id"] ?? "", (string?)token["user"]?["name"] ?? "", project,
            (token["roles"] as JsonArray ?? []).Select(r => (string?)r?["name"]).OfType<string>().ToList(),
            DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture),
            token["catalog"] is JsonArray catalog ? new ServiceCatalog(catalog) : ServiceCatalog.Empty);
    }
}
