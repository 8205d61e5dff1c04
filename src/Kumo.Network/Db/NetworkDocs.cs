using System.Text.Json;

namespace Kumo.Network.Db;

/// <summary>How a resource's document column is written: the record as camelCase JSON.</summary>
internal static class NetworkDocs
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T record) => JsonSerializer.Serialize(record, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException("An empty network document.");

    public static string Id(Guid id) => id.ToString("D");
}
