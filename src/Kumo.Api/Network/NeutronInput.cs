using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Network.Errors;
using Kumo.Network.Plugin;

namespace Kumo.Api.Network;

/// <summary>
/// One resource's attributes from a request body, read as Neutron's attribute map does: unknown
/// attributes refused ("Unrecognized attribute(s)"), read-only ones refused for POST/PUT, values
/// converted as neutron-lib's converters (booleans from "true"/"false"/0/1, integers from numeric text,
/// UUIDs checked) with "Invalid input for X. Reason: ..." naming the attribute.
/// </summary>
public sealed class NeutronInput(JsonObject body)
{
    private static readonly HashSet<string> ReadOnly = ["id", "status", "subnets", "created_at", "updated_at", "revision_number", "security_group_rules",
        "binding:vif_type", "binding:vif_details", "availability_zones"];

    public JsonObject Body => body;

    /// <summary>Refuses attributes outside <paramref name="allowed"/>, naming them the way Neutron does for POST and PUT.</summary>
    public NeutronInput Allow(bool isCreate, params string[] allowed)
    {
        var unknown = body.Select(p => p.Key).Where(k => !allowed.Contains(k)).ToList();
        if (unknown.FirstOrDefault(ReadOnly.Contains) is { } readOnly)
        {
            throw ApiException.BadRequest(isCreate ? $"Attribute '{readOnly}' not allowed in POST" : $"Cannot update read-only attribute {readOnly}");
        }
        if (unknown.Count > 0)
        {
            throw ApiException.BadRequest($"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
        }
        return this;
    }

    public Given<string> String(string name, int maxLength = 255)
    {
        if (!body.TryGetPropertyValue(name, out var node))
        {
            return default;
        }
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            throw InvalidInputException.For(name, $"'{Text(node)}' is not a valid string");
        }
        var text = value.GetValue<string>();
        return text.Length <= maxLength ? Given<string>.Of(text) : throw InvalidInputException.For(name, $"'{text}' exceeds maximum length of {maxLength}");
    }

    /// <summary>A string that may be null (gateway_ip: null means no gateway).</summary>
    public Given<string?> NullableString(string name) =>
        body.TryGetPropertyValue(name, out var node) && node is null ? Given<string?>.Of(null) : String(name) is { IsGiven: true } s ? Given<string?>.Of(s.Value) : default;

    public Given<bool> Bool(string name)
    {
        if (!body.TryGetPropertyValue(name, out var node))
        {
            return default;
        }
        var parsed = node switch
        {
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().ToLowerInvariant() switch
            {
                "true" or "1" => true,
                "false" or "0" => (bool?)false,
                _ => null,
            },
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) && i is 0 or 1 => i == 1,
            _ => null,
        };
        return parsed is { } b ? Given<bool>.Of(b) : throw InvalidInputException.For(name, $"'{Text(node)}' cannot be converted to boolean");
    }

    public Given<int?> Int(string name)
    {
        if (!body.TryGetPropertyValue(name, out var node))
        {
            return default;
        }
        if (node is null)
        {
            return Given<int?>.Of(null);
        }
        if (node is JsonValue v && (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i)
            || v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out i)))
        {
            return Given<int?>.Of(i);
        }
        throw InvalidInputException.For(name, $"'{Text(node)}' is not an integer");
    }

    public Given<Guid> Uuid(string name) => String(name) is { IsGiven: true } s ? Given<Guid>.Of(ParseUuid(name, s.Value)) : default;

    public static Guid ParseUuid(string name, string text) =>
        Guid.TryParse(text, out var id) ? id : throw InvalidInputException.For(name, $"'{text}' is not a valid UUID");

    /// <summary>A list attribute, each element converted by <paramref name="item"/>.</summary>
    public Given<IReadOnlyList<T>> List<T>(string name, Func<JsonNode?, T> item)
    {
        if (!body.TryGetPropertyValue(name, out var node))
        {
            return default;
        }
        if (node is not JsonArray array)
        {
            throw InvalidInputException.For(name, $"'{Text(node)}' is not a list");
        }
        return Given<IReadOnlyList<T>>.Of([.. array.Select(item)]);
    }

    /// <summary>An element of a list of objects, with only the given keys.</summary>
    public static JsonObject Entry(string name, JsonNode? node, params string[] keys)
    {
        if (node is not JsonObject entry)
        {
            throw InvalidInputException.For(name, $"'{Text(node)}' is not a dictionary");
        }
        if (entry.Select(p => p.Key).FirstOrDefault(k => !keys.Contains(k)) is { } extra)
        {
            throw InvalidInputException.For(name, $"Unrecognized attribute '{extra}' in {name}");
        }
        return entry;
    }

    public static string EntryString(string name, JsonObject entry, string key, bool required = true)
    {
        if (entry[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }
        return !required && !entry.ContainsKey(key) ? "" : throw InvalidInputException.For(name, $"'{key}' in {name} must be a string");
    }

    public static string ItemString(string name, JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw InvalidInputException.For(name, $"'{Text(node)}' is not a valid string");

    /// <summary>project_id (or the older tenant_id): the owner an admin may set.</summary>
    public Given<string> ProjectId()
    {
        var project = String("project_id");
        var tenant = String("tenant_id");
        if (project.IsGiven && tenant.IsGiven && project.Value != tenant.Value)
        {
            throw ApiException.BadRequest("'project_id' and 'tenant_id' do not match");
        }
        return project.IsGiven ? project : tenant;
    }

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "None";
}
