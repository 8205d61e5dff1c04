namespace Kumo.Objects.Errors;

/// <summary>
/// A build failed on its host for a reason another host may not have (Nova's RescheduledException:
/// the claim did not fit, the hypervisor failed the spawn). The message is the cause's own, so the
/// attempt's action event says what happened on that host.
/// </summary>
public sealed class RescheduledException(Guid instanceUuid, string host, Exception cause)
    : KumoException(cause.Message, cause)
{
    public Guid InstanceUuid { get; } = instanceUuid;

    public string Host { get; } = host;

    public override int Code => InnerException is KumoException kumo ? kumo.Code : 500;
}
