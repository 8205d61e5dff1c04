using System.Text.Json;

namespace Kumo.Db.Database;

/// <summary>JSON columns (flavor copy, metadata, extra specs, properties) are text in every engine.</summary>
internal static class DbJson
{
    // snake_case, so that a row read with the sqlite3 shell shows Nova's field names (memory_mb ...).
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"JSON column holds null where a {typeof(T).Name} was stored.");

    public static Dictionary<string, string> Dictionary(string json) => Deserialize<Dictionary<string, string>>(json);
}
