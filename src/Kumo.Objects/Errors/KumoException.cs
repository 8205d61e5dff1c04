namespace Kumo.Objects.Errors;

/// <summary>
/// Base of Kumo's typed errors. <see cref="Code"/> is the HTTP-style code the API and the instance
/// fault carry (as Nova's NovaException.code): 4xx for the user's mistakes, 5xx for ours.
/// </summary>
public class KumoException : Exception
{
    public KumoException(string message, Exception? inner = null) : base(message, inner) { }

    public virtual int Code => 500;
}

public sealed class InstanceNotFoundException(Guid uuid)
    : KumoException($"Instance {uuid} could not be found.")
{
    public Guid InstanceUuid { get; } = uuid;
    public override int Code => 404;
}

public sealed class FlavorNotFoundException(string flavorId)
    : KumoException($"Flavor {flavorId} could not be found.")
{
    public override int Code => 404;
}

public sealed class ImageNotFoundException(string imageId)
    : KumoException($"Image {imageId} could not be found.")
{
    public override int Code => 404;
}

/// <summary>The image exists but cannot be used to boot (not active, bad format, bad checksum).</summary>
public sealed class ImageUnacceptableException(Guid imageId, string reason)
    : KumoException($"Image {imageId} is unacceptable: {reason}")
{
    public Guid ImageId { get; } = imageId;
    public override int Code => 400;
}

/// <summary>A request that can never succeed on any host (Nova: flavor too big, bad values).</summary>
public sealed class InvalidRequestException(string message) : KumoException(message)
{
    public override int Code => 400;
}

/// <summary>The host cannot fit the instance right now (Nova's ComputeResourcesUnavailable).</summary>
public sealed class ComputeResourcesUnavailableException(string reason)
    : KumoException($"Insufficient compute resources: {reason}")
{
    public string Reason { get; } = reason;
    public override int Code => 500;
}

/// <summary>The build was stopped on purpose (instance deleted meanwhile); not a failure to report.</summary>
public sealed class BuildAbortedException(Guid uuid, string reason)
    : KumoException($"Build of instance {uuid} aborted: {reason}")
{
    public override int Code => 500;
}

/// <summary>A compare-and-set save found another task state than expected; nothing was written.</summary>
public class UnexpectedTaskStateException(Guid uuid, IReadOnlyCollection<string> expected, string? actual)
    : KumoException($"Unexpected task state for instance {uuid}: expecting [{string.Join(", ", expected)}] but the task state is {actual ?? "none"}.")
{
    public Guid InstanceUuid { get; } = uuid;
    public IReadOnlyCollection<string> Expected { get; } = expected;
    public string? Actual { get; } = actual;
    public override int Code => 409;
}

/// <summary>The expected-state save lost against a delete (Nova's UnexpectedDeletingTaskStateError).</summary>
public sealed class UnexpectedDeletingTaskStateException(Guid uuid, IReadOnlyCollection<string> expected)
    : UnexpectedTaskStateException(uuid, expected, "deleting");

public sealed class InstanceLockedException(Guid uuid) : KumoException($"Instance {uuid} is locked by another operation.")
{
    public override int Code => 409;
}
