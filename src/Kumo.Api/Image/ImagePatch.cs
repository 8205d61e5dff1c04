using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Image;
using Kumo.Objects.Images;

namespace Kumo.Api.Image;

/// <summary>
/// PATCH /v2/images/{id}: Glance's JSON patch (RFC 6902 subset: add, replace, remove on one-level
/// paths). The media type says the dialect: v2.1 is <c>{"op": "add", "path": "/x", "value": ...}</c>,
/// v2.0 the older <c>{"add": "/x", "value": ...}</c>. Parsed completely before anything is applied.
/// </summary>
public sealed class ImagePatch
{
    public const string MediaType21 = "application/openstack-images-v2.1-json-patch";
    public const string MediaType20 = "application/openstack-images-v2.0-json-patch";

    private static readonly string[] Operations = ["add", "remove", "replace"];

    private readonly List<Change> _changes;

    private ImagePatch(List<Change> changes) => _changes = changes;

    private sealed record Change(string Op, string Path, JsonNode? Value);

    /// <summary>415 with Accept-Patch for any other media type.</summary>
    public static void EnsureMediaType(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim();
        if (mediaType is MediaType21 or MediaType20)
        {
            return;
        }
        throw new ApiException(415, $"Image PATCH expects Content-Type one of: {MediaType20}, {MediaType21}")
        {
            Headers = new Dictionary<string, string> { ["Accept-Patch"] = $"{MediaType20}, {MediaType21}" },
        };
    }

    public static ImagePatch Parse(JsonNode? body, string contentType)
    {
        var draft4 = contentType.StartsWith(MediaType20, StringComparison.Ordinal);
        if (body is not JsonArray operations)
        {
            throw ApiException.BadRequest("Request body must be a JSON array of operation objects.");
        }
        var changes = new List<Change>();
        foreach (var node in operations)
        {
            if (node is not JsonObject operation)
            {
                throw ApiException.BadRequest("Operations must be JSON objects.");
            }
            var (op, path) = draft4 ? Draft4(operation) : Draft10(operation);
            var key = DecodePointer(path);
            ImageFields.EnsureWritable(key);
            if (op != "remove" && !operation.ContainsKey("value"))
            {
                throw ApiException.BadRequest($"Operation \"{op}\" requires a member named \"value\".");
            }
            changes.Add(new Change(op, key, operation["value"]?.DeepClone()));
        }
        return new ImagePatch(changes);
    }

    /// <summary>Applies every change to a copy; throws (and so changes nothing) at the first one that cannot apply.</summary>
    public ImageMeta ApplyTo(ImageMeta image, Kumo.Objects.Context.RequestContext context)
    {
        foreach (var change in _changes)
        {
            var isBase = ImageFields.Settable.Contains(change.Path);
            if (change.Path == "owner" && !context.IsAdmin)
            {
                throw new ImageForbiddenException("Owner can't be updated by non admin.");
            }
            image = change.Op switch
            {
                "remove" when isBase => throw new ImageForbiddenException($"Property {change.Path} may not be removed."),
                "remove" => image.Properties.ContainsKey(change.Path)
                    ? image with { Properties = image.Properties.Where(p => p.Key != change.Path).ToDictionary() }
                    : throw ApiException.Conflict($"Property {change.Path} does not exist."),
                "replace" when !isBase && !image.Properties.ContainsKey(change.Path) => throw ApiException.Conflict($"Property {change.Path} does not exist."),
                _ => ImageFields.Set(image, change.Path, change.Value),
            };
        }
        return image;
    }

    private static (string Op, string Path) Draft10(JsonObject operation)
    {
        var op = Text(operation["op"]) ?? throw ApiException.BadRequest(
            $"Unable to find `op` in JSON Schema change. It must be one of the following: {string.Join(", ", Operations)}.");
        if (!Operations.Contains(op))
        {
            throw ApiException.BadRequest($"Invalid operation: `{op}`. It must be one of the following: {string.Join(", ", Operations)}.");
        }
        var path = Text(operation["path"]) ?? throw ApiException.BadRequest("Unable to find 'path' in JSON Schema change");
        return (op, path);
    }

    private static (string Op, string Path) Draft4(JsonObject operation)
    {
        var ops = Operations.Where(operation.ContainsKey).ToList();
        if (ops.Count != 1)
        {
            throw ApiException.BadRequest("Operation objects must contain exactly one member named \"add\", \"remove\", or \"replace\".");
        }
        return (ops[0], Text(operation[ops[0]]) ?? throw ApiException.BadRequest($"The \"{ops[0]}\" member must be a JSON pointer string."));
    }

    /// <summary>Only one-level pointers name an image attribute; ~1 and ~0 decode to / and ~.</summary>
    private static string DecodePointer(string pointer)
    {
        if (!pointer.StartsWith('/'))
        {
            throw ApiException.BadRequest($"Pointer `{pointer}` does not start with \"/\".");
        }
        var token = pointer[1..];
        if (token.Length == 0 || token.Contains('/'))
        {
            throw ApiException.BadRequest($"Invalid JSON pointer for this resource: '{pointer}'");
        }
        if (System.Text.RegularExpressions.Regex.IsMatch(token, "~[^01]|~$"))
        {
            throw ApiException.BadRequest($"Pointer `{pointer}` contains \"~\" not part of a recognized escape sequence.");
        }
        return token.Replace("~1", "/").Replace("~0", "~");
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
