using Kumo.Messaging.Typed;
using Kumo.Objects.Events;

namespace Kumo.Compute.Rpc;

/// <summary>The compute host's RPC methods (topic compute.&lt;host&gt;), each with its one request record.</summary>
public static class ComputeMethods
{
    public static readonly RpcCast<BuildAndRunInstanceRequest> BuildAndRunInstance = new("build_and_run_instance");

    public static readonly RpcCast<TerminateInstanceRequest> TerminateInstance = new("terminate_instance");

    public static readonly RpcCall<GetConsoleOutputRequest, string> GetConsoleOutput = new("get_console_output");

    public static readonly RpcCast<StopInstanceArgs> StopInstance = new("stop_instance");

    public static readonly RpcCast<StartInstanceArgs> StartInstance = new("start_instance");

    public static readonly RpcCast<RebootInstanceArgs> RebootInstance = new("reboot_instance");

    /// <summary>os-server-external-events for the instances on this host (Nova's external_instance_event).</summary>
    public static readonly RpcCast<ExternalInstanceEventRequest> ExternalInstanceEvent = new("external_instance_event");
}

/// <summary>The events for instances on one host, in the order the API received them.</summary>
public sealed record ExternalInstanceEventRequest(IReadOnlyList<ExternalInstanceEvent> Events);

public sealed record StopInstanceArgs(Guid InstanceUuid, StopInstanceRequest Request);

public sealed record StartInstanceArgs(Guid InstanceUuid, StartInstanceRequest Request);

public sealed record RebootInstanceArgs(Guid InstanceUuid, RebootInstanceRequest Request);

public sealed record BuildAndRunInstanceRequest(Guid InstanceUuid, BuildRequest Request);

public sealed record TerminateInstanceRequest(Guid InstanceUuid);

public sealed record GetConsoleOutputRequest(Guid InstanceUuid, int? Lines);
