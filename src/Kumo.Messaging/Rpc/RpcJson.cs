using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kumo.Messaging.Rpc;

/// <summary>The one JSON shape of RPC payloads: snake_case, enums as Nova's names.</summary>
public static class RpcJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
