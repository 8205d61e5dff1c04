using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kumo.Api.Infrastructure;

/// <summary>
/// Reads request bodies strictly, as Nova's JSON schemas do: unknown members and wrong types are a 400
/// that names the field; an empty or malformed body is a 400 too. Request records declare their wire
/// names with [JsonPropertyName].
/// </summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.General)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
    };

    /// <summary>Response bodies: nulls written (Nova writes them), no indentation.</summary>
    public static readonly JsonSerializerOptions Response = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken = default)
    {
        if (request.ContentLength == 0)
        {
            throw ApiException.BadRequest("The request body is empty; a JSON document is required.");
        }
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Strict, cancellationToken)
                ?? throw ApiException.BadRequest("The request body must be a JSON object, not null.");
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest(Describe(ex));
        }
    }

    /// <summary>The body as a JSON object, for handlers that validate members themselves (schemas with oneOf, patches).</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return node as JsonObject ?? throw ApiException.BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest(Describe(ex));
        }
    }

    /// <summary>A message that names the field, the way Nova's validator does ("Invalid input for field/attribute ...").</summary>
    public static string Describe(JsonException ex)
    {
        var path = ex.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : null;
        if (ex.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var member = ex.Path?.Split('.').LastOrDefault() ?? "?";
            return $"Additional properties are not allowed ('{member}' was unexpected).";
        }
        if (ex.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return "Invalid input: " + ex.Message.Split('\'').Skip(1).FirstOrDefault() switch
            {
                { } first => $"'{first}' is a required property.",
                null => ex.Message,
            };
        }
        return path is null
            ? $"Malformed request body: {ex.Message}"
            : $"Invalid input for field/attribute {path}. {ex.Message.Split(" Path:")[0]}";
    }
}
