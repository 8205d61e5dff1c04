using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kumo.Objects.Flavors;

namespace Kumo.Api.Compute.Flavors;

/// <summary>
/// POST /flavors validated as nova/api/openstack/compute/schemas/flavor_manage.py does: name, ram,
/// vcpus and disk required; id optional (absent, null or "auto" = a generated uuid); integers may be
/// digit strings; unknown members are a 400; description only from 2.55.
/// </summary>
public static partial class FlavorCreateRequest
{
    // Nova's db.MAX_INT: the columns are 32-bit.
    private const long MaxInt = int.MaxValue;

    // Nova's SQL_SP_FLOAT_MAX (a single-precision column).
    private const double MaxFloat = 3.40282e+38;

    private static readonly string[] Members = ["name", "id", "ram", "vcpus", "disk", "OS-FLV-EXT-DATA:ephemeral", "swap", "rxtx_factor", "os-flavor-access:is_public"];

    [GeneratedRegex(@"^(?! )[a-zA-Z0-9. _-]+(?<! )$")]
    private static partial Regex IdPattern();

    public static Flavor Parse(JsonObject body, Microversion version)
    {
        ValidationErrors.RejectUnknown(body, "", "flavor");
        var flavor = ValidationErrors.RequireObject(body, "flavor");
        ValidationErrors.RejectUnknown(flavor, "flavor", version.AtLeast("2.55") ? [.. Members, "description"] : Members);
        foreach (var required in new[] { "name", "ram", "vcpus", "disk" })
        {
            if (!flavor.ContainsKey(required))
            {
                throw ValidationErrors.Required(required);
            }
        }
        return new Flavor
        {
            Id = ParseId(flavor["id"]),
            Name = ParseName(flavor["name"]),
            MemoryMb = (int)ValidationErrors.Integer("ram", flavor["ram"], 1, MaxInt),
            Vcpus = (int)ValidationErrors.Integer("vcpus", flavor["vcpus"], 1, MaxInt),
            RootGb = (int)ValidationErrors.Integer("disk", flavor["disk"], 0, MaxInt),
            EphemeralGb = flavor.ContainsKey("OS-FLV-EXT-DATA:ephemeral") ? (int)ValidationErrors.Integer("OS-FLV-EXT-DATA:ephemeral", flavor["OS-FLV-EXT-DATA:ephemeral"], 0, MaxInt) : 0,
            SwapMb = flavor.ContainsKey("swap") ? (int)ValidationErrors.Integer("swap", flavor["swap"], 0, MaxInt) : 0,
            RxtxFactor = flavor.ContainsKey("rxtx_factor") ? ParseRxtx(flavor["rxtx_factor"]) : 1.0,
            IsPublic = !flavor.ContainsKey("os-flavor-access:is_public") || ValidationErrors.Boolean("os-flavor-access:is_public", flavor["os-flavor-access:is_public"]),
            Description = flavor.ContainsKey("description") ? ParseDescription(flavor["description"]) : null,
        };
    }

    /// <summary>Nova's parameter_types.name: 1 to 255 characters, no leading or trailing whitespace, no control characters.</summary>
    public static string ParseName(JsonNode? node)
    {
        var name = ValidationErrors.String("name", node);
        if (name.Length is 0 or > 255 || name.Trim() != name || name.Any(char.IsControl))
        {
            throw ValidationErrors.Invalid("name", node, $"'{name}' does not match the name pattern: 1 to 255 characters, without leading or trailing whitespace");
        }
        return name;
    }

    public static string? ParseDescription(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }
        var text = ValidationErrors.String("description", node);
        if (text.Length > 65535 || text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            throw ValidationErrors.Invalid("description", node, "The description must be at most 65535 printable characters");
        }
        return text;
    }

    private static string ParseId(JsonNode? node)
    {
        string id;
        if (node is null)
        {
            return Guid.NewGuid().ToString();
        }
        if (node is JsonValue v && v.TryGetValue<double>(out var number))
        {
            id = number.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            id = node is JsonValue s && s.TryGetValue<string>(out var text)
                ? text
                : throw ValidationErrors.Invalid("id", node, $"{node.ToJsonString()} is not of type 'string', 'number', 'null'");
        }
        if (id == "auto")
        {
            return Guid.NewGuid().ToString();
        }
        if (id.Length is 0 or > 255 || !IdPattern().IsMatch(id))
        {
            throw ValidationErrors.Invalid("id", node, $"'{id}' does not match '^(?! )[a-zA-Z0-9. _-]+(?<! )$'");
        }
        return id;
    }

    private static double ParseRxtx(JsonNode? node)
    {
        double value;
        if (node is JsonValue v && v.TryGetValue<double>(out var number))
        {
            value = number;
        }
        else if (node is JsonValue s && s.TryGetValue<string>(out var text) && Regex.IsMatch(text, @"^[0-9]+(\.[0-9]+)?$"))
        {
            value = double.Parse(text, CultureInfo.InvariantCulture);
        }
        else
        {
            throw ValidationErrors.Invalid("rxtx_factor", node, $"{node?.ToJsonString() ?? "None"} is not of type 'number', 'string'");
        }
        if (value <= 0 || value > MaxFloat)
        {
            throw ValidationErrors.Invalid("rxtx_factor", node, $"{value} must be greater than 0 and at most {MaxFloat}");
        }
        return value;
    }
}
