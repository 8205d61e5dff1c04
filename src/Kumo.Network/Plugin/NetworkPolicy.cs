using Kumo.Network.Errors;
using Kumo.Network.Model;
using Kumo.Objects.Context;

namespace Kumo.Network.Plugin;

/// <summary>
/// Neutron's default policy, the part Kumo serves: a project sees its own resources and shared
/// networks (with their subnets); what it may not see answers 404 as if absent; readers cannot change
/// anything; only the admin shares networks or acts for another project.
/// </summary>
public static class NetworkPolicy
{
    public static bool Owns(RequestContext context, string projectId) => context.IsAdmin || context.ProjectId == projectId;

    /// <summary>Its owner and the admin see a network; everyone sees shared and external ones.</summary>
    public static bool CanSee(RequestContext context, NetworkRecord network) => Owns(context, network.ProjectId) || network.Shared || network.RouterExternal;

    public static void EnsureCanWrite(RequestContext context, string action)
    {
        if (!context.CanWrite)
        {
            throw new PolicyNotAuthorizedException(action);
        }
    }

    /// <summary>The project a new resource belongs to: the caller's, or the one given when the caller is admin.</summary>
    public static string OwnerFor(RequestContext context, Given<string> projectId, string action)
    {
        EnsureCanWrite(context, action);
        if (!projectId.IsGiven || projectId.Value == context.ProjectId)
        {
            return context.ProjectId;
        }
        return context.IsAdmin ? projectId.Value : throw new PolicyNotAuthorizedException(action);
    }
}
