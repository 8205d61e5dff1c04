using Kumo.Api.Infrastructure;
using Kumo.Objects.Context;

namespace Kumo.Api.Compute.Servers;

/// <summary>Nova's default policies for servers: readers look, members and admins change.</summary>
public static class Policy
{
    public static void RequireWrite(RequestContext context, string rule)
    {
        if (!context.CanWrite)
        {
            throw ApiException.Forbidden($"Policy doesn't allow {rule} to be performed.");
        }
    }

    public static void RequireAdmin(RequestContext context, string rule)
    {
        if (!context.IsAdmin)
        {
            throw ApiException.Forbidden($"Policy doesn't allow {rule} to be performed.");
        }
    }
}
