using Kumo.Objects.Errors;

namespace Kumo.Network.Errors;

/// <summary>
/// Base of the network service's errors. The API writes <see cref="Type"/> as NeutronError.type: the
/// class name without "Exception", which is Neutron's exception class name (NetworkNotFound, ...).
/// </summary>
public abstract class NeutronException(string message) : KumoException(message)
{
    public string Type => GetType().Name.EndsWith("Exception", StringComparison.Ordinal) ? GetType().Name[..^"Exception".Length] : GetType().Name;
}

/// <summary>Input that fails an attribute's validation (Neutron's InvalidInput, raised as webob's HTTPBadRequest).</summary>
public sealed class InvalidInputException(string message) : NeutronException(message)
{
    public override int Code => 400;

    public static InvalidInputException For(string attribute, string reason) => new($"Invalid input for {attribute}. Reason: {reason}.");
}

public sealed class BadRequestException(string resource, string message)
    : NeutronException($"Bad {resource} request: {message}.")
{
    public override int Code => 400;
}


/// <summary>The caller may see the resource but not do this to it (oslo.policy's PolicyNotAuthorized).</summary>
public sealed class PolicyNotAuthorizedException(string action)
    : NeutronException($"rule:{action} is disallowed by policy")
{
    public override int Code => 403;
}
