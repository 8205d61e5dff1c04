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

/// <summary>neutron_lib's BadRequest family: the request itself is wrong (400).</summary>
public abstract class NeutronBadRequestException(string message) : NeutronException(message)
{
    public sealed override int Code => 400;
}

/// <summary>neutron_lib's NotFound family (404).</summary>
public abstract class NeutronNotFoundException(string message) : NeutronException(message)
{
    public sealed override int Code => 404;
}

/// <summary>neutron_lib's Conflict and InUse families: the request clashes with the state it found (409).</summary>
public abstract class NeutronConflictException(string message) : NeutronException(message)
{
    public sealed override int Code => 409;
}

/// <summary>Input that fails an attribute's validation (Neutron's InvalidInput, raised as webob's HTTPBadRequest).</summary>
public sealed class InvalidInputException(string message) : NeutronBadRequestException(message)
{
    public static InvalidInputException For(string attribute, string reason) => new($"Invalid input for {attribute}. Reason: {reason}.");
}

public sealed class BadRequestException(string resource, string message)
    : NeutronBadRequestException($"Bad {resource} request: {message}.");

/// <summary>The caller may see the resource but not do this to it (oslo.policy's PolicyNotAuthorized).</summary>
public sealed class PolicyNotAuthorizedException(string action)
    : NeutronException($"rule:{action} is disallowed by policy")
{
    public override int Code => 403;
}
