using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Compute.Manager;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Errors;

namespace Kumo.Compute.Rpc;

/// <summary>The server side of topic compute.&lt;host&gt;: unpacks each message and hands it to the manager.</summary>
public sealed class ComputeRpcEndpoint(ComputeManager manager) : IRpcEndpoint
{
    public async Task<JsonNode?> DispatchAsync(RpcMessage message, CancellationToken cancellationToken)
    {
        var uuid = Guid.Parse(message.Args["instance_uuid"]!.GetValue<string>());
        switch (message.Method)
        {
            case ComputeMethods.BuildAndRunInstance:
                var request = message.Args["request"].Deserialize<BuildRequest>(RpcJson.Options)
                    ?? throw new InvalidRequestException("build_and_run_instance without a request.");
                await manager.BuildAndRunInstanceAsync(message.Context, uuid, request, cancellationToken);
                return null;
            case ComputeMethods.TerminateInstance:
                await manager.TerminateInstanceAsync(message.Context, uuid, cancellationToken);
                return null;
            case ComputeMethods.GetConsoleOutput:
                var lines = message.Args["lines"]?.GetValue<int?>();
                return JsonValue.Create(await manager.GetConsoleOutputAsync(uuid, lines, cancellationToken));
            case ComputeMethods.StopInstance:
                await manager.StopInstanceAsync(message.Context, uuid, Read<StopInstanceRequest>(message), cancellationToken);
                return null;
            case ComputeMethods.StartInstance:
                await manager.StartInstanceAsync(message.Context, uuid, Read<StartInstanceRequest>(message), cancellationToken);
                return null;
            case ComputeMethods.RebootInstance:
                await manager.RebootInstanceAsync(message.Context, uuid, Read<RebootInstanceRequest>(message), cancellationToken);
                return null;
            default:
                throw new InvalidRequestException($"The compute service has no method '{message.Method}'.");
        }
    }

    private static T Read<T>(RpcMessage message) =>
        message.Args["request"].Deserialize<T>(RpcJson.Options)
        ?? throw new InvalidRequestException($"{message.Method} without a request.");
}
