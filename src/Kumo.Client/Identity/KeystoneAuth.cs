using System.Text.Json.Nodes;

namespace Kumo.Client.Identity;

/// <summary>The parts of a Keystone v3 auth request ({"auth": {"identity": ..., "scope": ...}}) the clients send.</summary>
public static class KeystoneAuth
{
    /// <summary>The password method, the user named in a domain named.</summary>
    public static JsonObject Password(string userName, string userDomainName, string password) => new()
    {
        ["methods"] = new JsonArray("password"),
        ["password"] = new JsonObject
        {
            ["user"] = new JsonObject { ["name"] = userName, ["domain"] = new JsonObject { ["name"] = userDomainName }, ["password"] = password },
        },
    };

    /// <summary>The token method: a new token from a valid one (rescoping; the new one keeps the old one's expiry).</summary>
    public static JsonObject Token(string token) => new()
    {
        ["methods"] = new JsonArray("token"),
        ["token"] = new JsonObject { ["id"] = token },
    };

    /// <summary>A project scope by name in a domain named (a null name is sent as given: Keystone says what is missing).</summary>
    public static JsonObject ProjectByName(string? projectName, string projectDomainName) =>
        new() { ["project"] = new JsonObject { ["name"] = projectName, ["domain"] = new JsonObject { ["name"] = projectDomainName } } };

    public static JsonObject ProjectById(string projectId) => new() { ["project"] = new JsonObject { ["id"] = projectId } };
}
