using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Context;

namespace Kumo.Compute.Rpc;

/// <summary>
/// The client side of the compute RPC interface (Nova's compute/rpcapi.py): every request to a compute
/// host is a message to topic compute.&lt;host&gt;, never a direct method call.
/// </summary>
public sealed partial class ComputeRpcApi(IMessageBus bus)
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    public Task BuildAndRunInstanceAsync(RequestContext context, string host, Guid instanceUuid, BuildRequest request, CancellationToken cancellationToken = default) =>
        bus.CastAsync(Topics.Compute(host), new RpcMessage(ComputeMethods.BuildAndRunInstance, context, new JsonObject
        {
            ["instance_uuid"] = instanceUuid.ToString(),
            ["request"] = JsonSerializer.SerializeToNode(request, RpcJson.Options),
        }), cancellationToken);

    public Task TerminateInstanceAsync(RequestContext context, string host, Guid instanceUuid, CancellationToken cancellationToken = default) =>
        bus.CastAsync(Topics.Compute(host), new RpcMessage(ComputeMethods.TerminateInstance, context, new JsonObject
        {
            ["instance_uuid"] = instanceUuid.ToString(),
        }), cancellationToken);

    public async Task<string> GetConsoleOutputAsync(RequestContext context, string host, Guid instanceUuid, int? lines, CancellationToken cancellationToken = default)
    {
        var result = await bus.CallAsync(Topics.Compute(host), new RpcMessage(ComputeMethods.GetConsoleOutput, context, new JsonObject
        {
            ["instance_uuid"] = instanceUuid.ToString(),
            ["lines"] = lines,
        }), CallTimeout, cancellationToken);
        return result?.GetValue<string>() ?? "";
    }
}

public static class ComputeMethods
{
    public const string BuildAndRunInstance = "build_and_run_instance";
    public const string TerminateInstance = "terminate_instance";
    public const string GetConsoleOutput = "get_console_output";
    public const string StopInstance = "stop_instance";
    public const string StartInstance = "start_instance";
    public const string RebootInstance = "reboot_instance";
}
