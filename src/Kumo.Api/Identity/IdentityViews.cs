using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Objects.Identity;

namespace Kumo.Api.Identity;

/// <summary>
/// Keystone's resource shapes: entities with links.self, lists with links self/previous/next, times
/// as 2015-08-27T09:49:58.000000Z (microseconds and Z: Tempest parses exactly that).
/// </summary>
public sealed class IdentityViews(ApiOptions options)
{
    public string V3Url => options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Identity + "/v3";

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public JsonObject Links(string path) => new() { ["self"] = V3Url + path };

    /// <summary>A list with Keystone's links (no paging: Keystone's list_limit is off by default).</summary>
    public JsonObject List(string member, IEnumerable<JsonNode> items, HttpRequest request) => new()
    {
        [member] = new JsonArray(items.ToArray()),
        ["links"] = new JsonObject
        {
            ["self"] = V3Url + request.Path.Value![(request.Path.Value!.IndexOf("/v3", StringComparison.Ordinal) + 3)..] + request.QueryString.Value,
            ["previous"] = null,
            ["next"] = null,
        },
    };

    public JsonObject Domain(Domain d) => new()
    {
        ["id"] = d.Id,
        ["name"] = d.Name,
        ["description"] = d.Description,
        ["enabled"] = d.Enabled,
        ["tags"] = new JsonArray(),
        ["options"] = new JsonObject(),
        ["links"] = Links("/domains/" + d.Id),
    };

    /// <summary>A project; its tags are kept with its other stored attributes (none → []).</summary>
    public JsonObject Project(Project p)
    {
        var project = WithExtras(new JsonObject
        {
            ["id"] = p.Id,
            ["name"] = p.Name,
            ["domain_id"] = p.DomainId,
            ["description"] = p.Description,
            ["enabled"] = p.Enabled,
            ["parent_id"] = p.ParentId,
            ["is_domain"] = false,
            ["options"] = new JsonObject(),
            ["links"] = Links("/projects/" + p.Id),
        }, p.ExtraJson);
        project.TryAdd("tags", new JsonArray());
        return project;
    }

    public JsonObject User(User u)
    {
        var user = new JsonObject
        {
            ["id"] = u.Id,
            ["name"] = u.Name,
            ["domain_id"] = u.DomainId,
            ["enabled"] = u.Enabled,
            ["password_expires_at"] = u.PasswordExpiresAt is { } at ? Time(at) : null,
            ["options"] = new JsonObject(),
            ["links"] = Links("/users/" + u.Id),
        };
        // Keystone shows optional attributes only when they are set.
        if (u.DefaultProjectId is not null)
        {
            user["default_project_id"] = u.DefaultProjectId;
        }
        if (u.Description is not null)
        {
            user["description"] = u.Description;
        }
        if (u.Email is not null)
        {
            user["email"] = u.Email;
        }
        return WithExtras(user, u.ExtraJson);
    }

    /// <summary>Shows the extra attributes beside the modelled ones (never over them).</summary>
    public static JsonObject WithExtras(JsonObject entity, string extraJson)
    {
        foreach (var (name, value) in JsonNode.Parse(extraJson)!.AsObject())
        {
            if (!entity.ContainsKey(name))
            {
                entity[name] = value?.DeepClone();
            }
        }
        return entity;
    }

    public JsonObject Role(Role r) => new()
    {
        ["id"] = r.Id,
        ["name"] = r.Name,
        ["domain_id"] = r.DomainId,
        ["description"] = r.Description,
        ["options"] = new JsonObject(),
        ["links"] = Links("/roles/" + r.Id),
    };

    /// <summary>A role as an implied-role document shows it: id, name, links.</summary>
    public JsonObject RoleRef(Role r) => new() { ["id"] = r.Id, ["name"] = r.Name, ["links"] = Links("/roles/" + r.Id) };
}
