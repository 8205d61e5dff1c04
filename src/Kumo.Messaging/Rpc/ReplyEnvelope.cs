using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Objects.Errors;

namespace Kumo.Messaging.Rpc;

/// <summary>A call's reply on the wire: either a result or the remote failure (type, message, code).</summary>
internal static class ReplyEnvelope
{
    public static byte[] Success(JsonNode? result) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["result"] = result?.DeepClone() });

    public static byte[] Failure(Exception ex) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["failure"] = new JsonObject
            {
                ["type"] = ex.GetType().Name,
                ["message"] = ex.Message,
                ["code"] = ex is KumoException k ? k.Code : 500,
            },
        });

    public static JsonNode? Unwrap(byte[] body)
    {
        var node = JsonNode.Parse(body)?.AsObject() ?? throw new KumoException("Empty RPC reply.");
        if (node["failure"] is JsonObject failure)
        {
            throw new RemoteErrorException(
                failure["type"]!.GetValue<string>(),
                failure["message"]!.GetValue<string>(),
                failure["code"]!.GetValue<int>());
        }
        return node["result"];
    }
}
