using Kumo.Db.Stores.Identity;
using Kumo.Objects.Identity;

namespace Kumo.Identity.Admin;

/// <summary>
/// A user's roles on a project or domain: the direct assignments and every role they imply, followed
/// transitively (admin → member → reader), as Keystone puts them in a token and in effective
/// role-assignment lists.
/// </summary>
public sealed class EffectiveRoles(IdentityStores stores)
{
    public async Task<IReadOnlyList<Role>> OnAsync(string userId, string? projectId, string? domainId, CancellationToken cancellationToken = default)
    {
        var direct = await stores.Assignments.ListAsync(new AssignmentFilter(UserId: userId, ProjectId: projectId, DomainId: domainId), cancellationToken);
        if (direct.Count == 0)
        {
            return [];
        }
        var implied = await stores.Roles.ListImpliedAsync(cancellationToken);
        var ids = Expand(direct.Select(a => a.RoleId), implied);
        var roles = new List<Role>();
        foreach (var id in ids)
        {
            if (await stores.Roles.FindAsync(id, cancellationToken) is { } role)
            {
                roles.Add(role);
            }
        }
        return roles;
    }

    /// <summary>The roles and everything they imply, each once, direct ones first.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> roleIds, IReadOnlyList<ImpliedRole> implied)
    {
        var result = new List<string>();
        var seen = new HashSet<string>();
        var queue = new Queue<string>(roleIds);
        while (queue.TryDequeue(out var id))
        {
            if (!seen.Add(id))
            {
                continue;
            }
            result.Add(id);
            foreach (var next in implied.Where(i => i.PriorRoleId == id))
            {
                queue.Enqueue(next.ImpliedRoleId);
            }
        }
        return result;
    }
}
