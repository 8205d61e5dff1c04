using Kumo.Api.Infrastructure;
using Kumo.Objects.Context;

namespace Kumo.Api.Compute;

/// <summary>
/// Nova's default policy for the admin-only compute resources (flavor manage, quota update,
/// hypervisors, services): a 403 that names the rule, as nova/policy.py words it.
/// </summary>
public static class ResourcePolicy
{
    public static RequestContext RequireAdmin(HttpContext http, string rule)
    {
        var context = http.KumoContext();
        if (!context.IsAdmin)
        {
            throw ApiException.Forbidden($"Policy doesn't allow {rule} to be performed.");
        }
        return context;
    }

    /// <summary>A write needs the member role (or admin); a reader gets the same 403 shape.</summary>
    public static RequestContext RequireWriter(HttpContext http, string rule)
    {
        var context = http.KumoContext();
        if (!context.CanWrite)
        {
            throw ApiException.Forbidden($"Policy doesn't allow {rule} to be performed.");
        }
        return context;
    }
}
