using System.Text.Json.Nodes;
using Kumo.Identity.Tokens;

namespace Kumo.Api.Identity;

/// <summary>Keystone's token document (keystoneauth's V3Token fixture has the same members).</summary>
public sealed class TokenView(ServiceCatalog catalog)
{
    public JsonObject Token(IssuedToken t, bool withCatalog)
    {
        var token = new JsonObject
        {
            ["methods"] = new JsonArray(t.Stored.Methods.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
            ["user"] = new JsonObject
            {
                ["id"] = t.User.Id,
                ["name"] = t.User.Name,
                ["domain"] = new JsonObject { ["id"] = t.UserDomain.Id, ["name"] = t.UserDomain.Name },
                ["password_expires_at"] = t.User.PasswordExpiresAt is { } at ? IdentityViews.Time(at) : null,
            },
            ["audit_ids"] = new JsonArray(t.Stored.AuditId),
            ["expires_at"] = IdentityViews.Time(t.ExpiresAt),
            ["issued_at"] = IdentityViews.Time(t.IssuedAt),
        };
        if (t.Project is { } project)
        {
            token["project"] = new JsonObject
            {
                ["id"] = project.Id,
                ["name"] = project.Name,
                ["domain"] = new JsonObject { ["id"] = project.DomainId, ["name"] = t.ProjectDomain?.Name },
            };
            token["is_domain"] = false;
        }
        else if (t.ScopeDomain is { } domain)
        {
            token["domain"] = new JsonObject { ["id"] = domain.Id, ["name"] = domain.Name };
        }
        if (t.Project is not null || t.ScopeDomain is not null)
        {
            token["roles"] = new JsonArray(t.Roles.Select(r => (JsonNode)new JsonObject { ["id"] = r.Id, ["name"] = r.Name }).ToArray());
            if (withCatalog)
            {
                token["catalog"] = catalog.Build();
            }
        }
        return new JsonObject { ["token"] = token };
    }
}
