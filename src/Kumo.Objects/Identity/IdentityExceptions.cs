using Kumo.Objects.Errors;

namespace Kumo.Objects.Identity;

/// <summary>Keystone's NotFound: "Could not find project: 42."</summary>
public sealed class IdentityNotFoundException(string kind, string id) : KumoException($"Could not find {kind}: {id}.")
{
    public override int Code => 404;
}

/// <summary>Keystone's Conflict: "Conflict occurred attempting to store project - Duplicate entry found with name x at domain ID default."</summary>
public sealed class IdentityConflictException(string kind, string details) : KumoException($"Conflict occurred attempting to store {kind} - {details}")
{
    public override int Code => 409;
}

/// <summary>Keystone's Unauthorized: wrong credentials, disabled user or project, unknown or expired token.</summary>
public sealed class IdentityUnauthorizedException(string message = IdentityUnauthorizedException.DefaultMessage) : KumoException(message)
{
    public const string DefaultMessage = "The request you have made requires authentication.";

    public override int Code => 401;
}

/// <summary>Keystone's ValidationError (400).</summary>
public sealed class IdentityValidationException(string message) : KumoException(message)
{
    public override int Code => 400;
}

/// <summary>Keystone's ForbiddenAction: "You are not authorized to perform the requested action: identity:list_projects."</summary>
public sealed class IdentityForbiddenException : KumoException
{
    public IdentityForbiddenException(string action) : base($"You are not authorized to perform the requested action: {action}.") { }

    public override int Code => 403;
}

/// <summary>Keystone's Forbidden with its own message (not an action name).</summary>
public sealed class IdentityForbiddenMessageException(string message) : KumoException(message)
{
    public override int Code => 403;
}
