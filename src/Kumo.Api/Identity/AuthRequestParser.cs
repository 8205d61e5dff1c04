using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Identity.Tokens;

namespace Kumo.Api.Identity;

/// <summary>
/// Reads POST /v3/auth/tokens' body ({"auth": {"identity": {"methods": [...], "password": {"user": ...}
/// | "token": {"id": ...}}, "scope": {"project": ...} | {"domain": ...} | "unscoped"}}) into an
/// <see cref="AuthRequest"/>; anything malformed is a 400 naming the member.
/// </summary>
public static class AuthRequestParser
{
    public static AuthRequest Parse(JsonObject body)
    {
        var auth = Object(body, "auth", "auth") ?? throw Missing("auth");
        var identity = Object(auth, "identity", "auth.identity") ?? throw Missing("auth.identity");
        var methods = Methods(identity);
        PasswordIdentity? password = null;
        string? token = null;
        if (methods.Contains("password"))
        {
            password = Password(Object(identity, "password", "auth.identity.password") ?? throw Missing("auth.identity.password"));
        }
        else if (methods.Contains("token"))
        {
            var tokenObject = Object(identity, "token", "auth.identity.token") ?? throw Missing("auth.identity.token");
            token = String(tokenObject, "id", "auth.identity.token.id") ?? throw Missing("auth.identity.token.id");
        }
        else
        {
            throw ApiException.BadRequest("Invalid input for field 'auth.identity.methods': only 'password' and 'token' are supported.");
        }
        return new AuthRequest(methods, password, token, Scope(auth));
    }

    private static List<string> Methods(JsonObject identity)
    {
        if (identity["methods"] is not JsonArray array || array.Count == 0 || array.Any(m => m?.GetValueKind() != JsonValueKind.String))
        {
            throw ApiException.BadRequest("Invalid input for field 'auth.identity.methods': a non-empty list of method names is required.");
        }
        return array.Select(m => m!.GetValue<string>()).ToList();
    }

    private static PasswordIdentity Password(JsonObject password)
    {
        var user = Object(password, "user", "auth.identity.password.user") ?? throw Missing("auth.identity.password.user");
        var id = String(user, "id", "user.id");
        var name = String(user, "name", "user.name");
        var secret = String(user, "password", "user.password") ?? throw Missing("auth.identity.password.user.password");
        if (id is null && name is null)
        {
            throw ApiException.BadRequest("Invalid input for field 'auth.identity.password.user': either 'id' or 'name' is required.");
        }
        var domain = Object(user, "domain", "user.domain");
        if (id is null && domain is null)
        {
            throw ApiException.BadRequest("Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.");
        }
        return new PasswordIdentity(id, name, domain is null ? null : String(domain, "id", "user.domain.id"), domain is null ? null : String(domain, "name", "user.domain.name"), secret);
    }

    private static ScopeRequest? Scope(JsonObject auth)
    {
        var node = auth["scope"];
        if (node is null || node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() == "unscoped")
        {
            return node is null ? null : new ScopeRequest(null, null, null, null, null, null);
        }
        var scope = node as JsonObject ?? throw ApiException.BadRequest("Invalid input for field 'auth.scope': an object or \"unscoped\" is required.");
        if (Object(scope, "project", "scope.project") is { } project)
        {
            var domain = Object(project, "domain", "scope.project.domain");
            var projectId = String(project, "id", "scope.project.id");
            var projectName = String(project, "name", "scope.project.name");
            if (projectId is null && (projectName is null || domain is null))
            {
                throw ApiException.BadRequest("Expecting to find domain in project. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.");
            }
            return new ScopeRequest(projectId, projectName, domain is null ? null : String(domain, "id", "scope.project.domain.id"),
                domain is null ? null : String(domain, "name", "scope.project.domain.name"), null, null);
        }
        if (Object(scope, "domain", "scope.domain") is { } scopeDomain)
        {
            var id = String(scopeDomain, "id", "scope.domain.id");
            var name = String(scopeDomain, "name", "scope.domain.name");
            if (id is null && name is null)
            {
                throw ApiException.BadRequest("Invalid input for field 'auth.scope.domain': either 'id' or 'name' is required.");
            }
            return new ScopeRequest(null, null, null, null, id, name);
        }
        if (scope.ContainsKey("system"))
        {
            throw ApiException.BadRequest("System scope is not supported by Kumo; scope to a project or a domain.");
        }
        throw ApiException.BadRequest("Invalid input for field 'auth.scope': 'project' or 'domain' is required.");
    }

    private static JsonObject? Object(JsonObject parent, string member, string path) => parent[member] switch
    {
        null => null,
        JsonObject o => o,
        var other => throw ApiException.BadRequest($"Invalid input for field '{path}': {other.ToJsonString()} is not of type 'object'."),
    };

    private static string? String(JsonObject parent, string member, string path) => parent[member] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        // Never echo what was sent as a password.
        var other => throw ApiException.BadRequest($"Invalid input for field '{path}': {(path.EndsWith("password", StringComparison.Ordinal) ? "the value" : other.ToJsonString())} is not of type 'string'."),
    };

    private static ApiException Missing(string path) => ApiException.BadRequest($"Invalid input for field '{path}': it is a required property.");
}
