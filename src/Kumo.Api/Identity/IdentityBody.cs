using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;

namespace Kumo.Api.Identity;

/// <summary>
/// Keystone's request bodies are JSON-schema checked but allow extra attributes on users and
/// projects; these helpers check the members Kumo uses (type, required, length) with Keystone's
/// "Invalid input for field" messages, and ignore the rest, as Keystone keeps them as extras.
/// </summary>
public static class IdentityBody
{
    public static async Task<JsonObject> ReadAsync(HttpRequest request, string member)
    {
        var body = await JsonBody.ReadObjectAsync(request, request.HttpContext.RequestAborted);
        return body[member] as JsonObject ?? throw ApiException.BadRequest($"Invalid input for field '{member}': '{member}' is a required property and must be an object.");
    }

    public static string? String(JsonObject body, string field, bool required = false, int maxLength = 255)
    {
        var node = body[field];
        if (node is null)
        {
            return required ? throw ApiException.BadRequest($"Invalid input for field '{field}': '{field}' is a required property.") : null;
        }
        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw ApiException.BadRequest($"Invalid input for field '{field}': {node.ToJsonString()} is not of type 'string'.");
        }
        var value = node.GetValue<string>();
        if (required && value.Trim().Length == 0 || value.Length > maxLength)
        {
            throw ApiException.BadRequest($"Invalid input for field '{field}': the length must be between 1 and {maxLength}.");
        }
        return value;
    }

    /// <summary>A member that may be null on the wire (description, default_project_id).</summary>
    public static bool Has(JsonObject body, string field) => body.ContainsKey(field);

    public static bool? Bool(JsonObject body, string field)
    {
        var node = body[field];
        if (node is null)
        {
            return null;
        }
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiException.BadRequest($"Invalid input for field '{field}': {node.ToJsonString()} is not of type 'boolean'."),
        };
    }

    /// <summary>?enabled= as Keystone reads it: "0", "false" (any case) and "" are false, anything else true.</summary>
    public static bool? QueryBool(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return null;
        }
        var value = values.ToString();
        return !(value.Length == 0 || value == "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase));
    }

    public static string? Query(HttpRequest request, string name) => request.Query.TryGetValue(name, out var v) ? v.ToString() : null;
}
