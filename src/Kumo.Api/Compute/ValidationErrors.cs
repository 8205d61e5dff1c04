using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;

namespace Kumo.Api.Compute;

/// <summary>
/// Hand validation of bodies whose Nova schema a record cannot express (integers that may be digit
/// strings, booleans written as "true"/"1"): 400s worded as Nova's validator words them.
/// </summary>
public static class ValidationErrors
{
    public static ApiException Invalid(string field, JsonNode? value, string reason) =>
        ApiException.BadRequest($"Invalid input for field/attribute {field}. Value: {value?.ToJsonString() ?? "None"}. {reason}");

    public static ApiException Required(string field) => ApiException.BadRequest($"Invalid input for field/attribute {field}. '{field}' is a required property");

    public static void RejectUnknown(JsonObject body, string where, params string[] allowed)
    {
        foreach (var (name, _) in body)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw ApiException.BadRequest($"Invalid input for field/attribute {where}. Additional properties are not allowed ('{name}' was unexpected)");
            }
        }
    }

    /// <summary>The object member <paramref name="name"/> of <paramref name="body"/>, required.</summary>
    public static JsonObject RequireObject(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node))
        {
            throw Required(name);
        }
        return node as JsonObject ?? throw Invalid(name, node, $"{node?.ToJsonString() ?? "None"} is not of type 'object'");
    }

    /// <summary>Nova's integer parameters accept a JSON integer or a string of digits.</summary>
    public static long Integer(string field, JsonNode? node, long minimum, long maximum)
    {
        long value;
        if (node is JsonValue v && v.TryGetValue<long>(out var number))
        {
            value = number;
        }
        else if (node is JsonValue s && s.TryGetValue<string>(out var text) && text.Length is > 0 and < 20
            && (text.All(char.IsAsciiDigit) || text[0] == '-' && text.Length > 1 && text[1..].All(char.IsAsciiDigit)))
        {
            value = long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (node is JsonValue other && other.TryGetValue<string>(out var notDigits))
        {
            throw Invalid(field, node, $"'{notDigits}' does not match '^-?[0-9]+$'");
        }
        else
        {
            throw Invalid(field, node, $"{node?.ToJsonString() ?? "None"} is not of type 'integer', 'string'");
        }
        if (value < minimum)
        {
            throw Invalid(field, node, $"{value} is less than the minimum of {minimum}");
        }
        if (value > maximum)
        {
            throw Invalid(field, node, $"{value} is greater than the maximum of {maximum}");
        }
        return value;
    }

    private static readonly string[] TrueWords = ["true", "1", "on", "yes"];
    private static readonly string[] FalseWords = ["false", "0", "off", "no"];

    /// <summary>Nova's parameter_types.boolean: true/false or their usual string spellings.</summary>
    public static bool Boolean(string field, JsonNode? node)
    {
        if (node is JsonValue v && v.TryGetValue<bool>(out var flag))
        {
            return flag;
        }
        if (node is JsonValue s && s.TryGetValue<string>(out var text))
        {
            if (TrueWords.Contains(text.ToLowerInvariant()))
            {
                return true;
            }
            if (FalseWords.Contains(text.ToLowerInvariant()))
            {
                return false;
            }
        }
        throw Invalid(field, node, $"{node?.ToJsonString() ?? "None"} is not one of [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']");
    }

    public static string String(string field, JsonNode? node)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var text))
        {
            return text;
        }
        throw Invalid(field, node, $"{node?.ToJsonString() ?? "None"} is not of type 'string'");
    }
}
