using Kumo.Api.Infrastructure;
using Kumo.Identity;
using Kumo.Objects.Identity;

namespace Kumo.Api.Identity;

/// <summary>
/// Keystone's default policies as far as Kumo needs them: the identity admin API is the admin's
/// (the admin role on any scope, as Keystone's legacy "admin anywhere" rule); a user may read
/// himself, change his own password, list his own projects, and read the project and domain his token
/// is scoped to. Refusals name the policy rule, as Keystone's 403 does.
/// </summary>
public static class IdentityPolicy
{
    public static ValidatedToken Caller(HttpContext http) => TokenAuthentication.TokenOf(http);

    public static void Admin(HttpContext http, string action)
    {
        if (!Caller(http).IsAdmin)
        {
            throw new IdentityForbiddenException("identity:" + action);
        }
    }

    public static void AdminOrUser(HttpContext http, string action, string userId)
    {
        var caller = Caller(http);
        if (!caller.IsAdmin && caller.UserId != userId)
        {
            throw new IdentityForbiddenException("identity:" + action);
        }
    }

    public static void AdminOrProject(HttpContext http, string action, string projectId)
    {
        var caller = Caller(http);
        if (!caller.IsAdmin && caller.ProjectId != projectId)
        {
            throw new IdentityForbiddenException("identity:" + action);
        }
    }

    public static void AdminOrDomain(HttpContext http, string action, string domainId)
    {
        var caller = Caller(http);
        if (!caller.IsAdmin && caller.ProjectDomainId != domainId)
        {
            throw new IdentityForbiddenException("identity:" + action);
        }
    }
}
