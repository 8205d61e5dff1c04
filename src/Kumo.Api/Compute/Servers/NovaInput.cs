using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kumo.Api.Infrastructure;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// Checks of request members as Nova's JSON schemas make them, with Nova's validator messages
/// ("Invalid input for field/attribute X. Value: V. reason"), so a client sees which field is wrong.
/// </summary>
public static partial class NovaInput
{
    public static ApiException Invalid(string field, JsonNode? value, string reason) =>
        ApiException.BadRequest($"Invalid input for field/attribute {field}. Value: {Show(value)}. {reason}");

    /// <summary>Only <paramref name="allowed"/> members (JSON schema's additionalProperties: false).</summary>
    public static void OnlyKnown(JsonObject body, IReadOnlyCollection<string> allowed)
    {
        foreach (var (name, _) in body)
        {
            if (!allowed.Contains(name))
            {
                throw ApiException.BadRequest($"Additional properties are not allowed ('{name}' was unexpected)");
            }
        }
    }

    public static JsonObject RequireObject(JsonObject body, string field)
    {
        if (!body.TryGetPropertyValue(field, out var node))
        {
            throw ApiException.BadRequest($"'{field}' is a required property");
        }
        return node as JsonObject ?? throw Invalid(field, node, $"{Show(node)} is not of type 'object'");
    }

    /// <summary>A string member; null when absent. <paramref name="nullable"/> lets JSON null through as null.</summary>
    public static string? String(JsonObject body, string field, int minLength = 0, int maxLength = int.MaxValue, bool nullable = false)
    {
        if (!body.TryGetPropertyValue(field, out var node))
        {
            return null;
        }
        if (node is null && nullable)
        {
            return null;
        }
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            throw Invalid(field, node, $"{Show(node)} is not of type 'string'{(nullable ? ", 'null'" : "")}");
        }
        var text = value.GetValue<string>();
        if (text.Length < minLength)
        {
            throw Invalid(field, node, $"{Show(node)} is too short");
        }
        if (text.Length > maxLength)
        {
            throw Invalid(field, node, $"{Show(node)} is too long");
        }
        return text;
    }

    /// <summary>Nova's parameter_types.name: 1-255 characters, no leading or trailing whitespace.</summary>
    public static string? Name(JsonObject body, string field = "name")
    {
        var name = String(body, field, 1, 255);
        if (name is not null && (name.Trim() != name || name.Any(char.IsControl)))
        {
            throw Invalid(field, body[field], $"{Show(body[field])} does not match the name pattern: no leading or trailing whitespace, no control characters");
        }
        return name;
    }

    public static bool? Boolean(JsonObject body, string field)
    {
        if (!body.TryGetPropertyValue(field, out var node))
        {
            return null;
        }
        return node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : throw Invalid(field, node, $"{Show(node)} is not of type 'boolean'");
    }

    /// <summary>Nova's positive_integer: an integer, or a string of digits, at least <paramref name="minimum"/>.</summary>
    public static int? Integer(JsonObject body, string field, int minimum)
    {
        if (!body.TryGetPropertyValue(field, out var node))
        {
            return null;
        }
        int parsed;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n))
        {
            parsed = n;
        }
        else if (node is JsonValue s && s.GetValueKind() == JsonValueKind.String && DigitsPattern().IsMatch(s.GetValue<string>())
            && int.TryParse(s.GetValue<string>(), out var fromText))
        {
            parsed = fromText;
        }
        else
        {
            throw Invalid(field, node, $"{Show(node)} is not of type 'integer', 'string'");
        }
        return parsed < minimum ? throw Invalid(field, node, $"{parsed} is less than the minimum of {minimum}") : parsed;
    }

    public static string? IpAddress(JsonObject body, string field, AddressFamily family)
    {
        var text = String(body, field);
        if (text is null || text.Length == 0)
        {
            return text;
        }
        if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily != family
            || family == AddressFamily.InterNetwork && text.Split('.').Length != 4)
        {
            throw Invalid(field, body[field], $"{Show(body[field])} is not a '{(family == AddressFamily.InterNetwork ? "ipv4" : "ipv6")}'");
        }
        // Nova stores access_ip_v6 through netaddr, so it reads back in canonical form
        // (0000:...:babe:220.12.22.2 → ::babe:dc0c:1602); an IPv4 text is already canonical once it has 4 parts.
        return family == AddressFamily.InterNetworkV6 ? ip.ToString() : text;
    }

    /// <summary>Nova's parameter_types.metadata: keys 1-255 of [a-zA-Z0-9-_:. ], string values up to 255.</summary>
    public static Dictionary<string, string> Metadata(JsonNode? node, string field)
    {
        if (node is not JsonObject items)
        {
            throw Invalid(field, node, $"{Show(node)} is not of type 'object'");
        }
        var metadata = new Dictionary<string, string>();
        foreach (var (key, value) in items)
        {
            if (!MetadataKeyPattern().IsMatch(key))
            {
                throw Invalid(field, node, $"Additional properties are not allowed ('{key}' was unexpected): keys are 1 to 255 of a-z, A-Z, 0-9, -, _, :, . and space");
            }
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                throw Invalid($"{field}/{key}", value, $"{Show(value)} is not of type 'string'");
            }
            var text = v.GetValue<string>();
            if (text.Length > 255)
            {
                throw Invalid($"{field}/{key}", value, $"{Show(value)} is too long");
            }
            metadata[key] = text;
        }
        return metadata;
    }

    public static Guid Uuid(string text, string field)
    {
        return Guid.TryParseExact(text, "D", out var id) ? id : throw Invalid(field, JsonValue.Create(text), $"'{text}' is not a 'uuid'");
    }

    private static string Show(JsonNode? node) => node switch
    {
        null => "None",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"'{v.GetValue<string>()}'",
        _ => node.ToJsonString(),
    };

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex DigitsPattern();

    [GeneratedRegex("^[a-zA-Z0-9-_:. ]{1,255}$")]
    private static partial Regex MetadataKeyPattern();
}
