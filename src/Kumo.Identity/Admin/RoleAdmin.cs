using Kumo.Db.Stores.Identity;
using Kumo.Identity.Tokens;
using Kumo.Objects.Identity;

namespace Kumo.Identity.Admin;

/// <summary>Keystone's assignment manager: roles, implied roles and grants of roles to users on projects and domains.</summary>
public sealed class RoleAdmin(IdentityStores stores, TokenService tokens)
{
    public async Task<Role> GetRoleAsync(string id, CancellationToken cancellationToken = default) =>
        await stores.Roles.FindAsync(id, cancellationToken) ?? throw new IdentityNotFoundException("role", id);

    public async Task<Role> CreateRoleAsync(Role role, CancellationToken cancellationToken = default)
    {
        await stores.Roles.CreateAsync(role, cancellationToken);
        return role;
    }

    public async Task<Role> UpdateRoleAsync(Role role, CancellationToken cancellationToken = default)
    {
        await stores.Roles.UpdateAsync(role, cancellationToken);
        tokens.ForgetCached();
        return role;
    }

    /// <summary>Deleting a role takes it from everyone who held it, and their tokens with it.</summary>
    public async Task DeleteRoleAsync(string id, CancellationToken cancellationToken = default)
    {
        await GetRoleAsync(id, cancellationToken);
        var holders = await stores.Assignments.ListAsync(new AssignmentFilter(RoleId: id), cancellationToken);
        await stores.Assignments.RemoveAllAsync(roleId: id, cancellationToken: cancellationToken);
        await stores.Roles.DeleteAsync(id, cancellationToken);
        foreach (var userId in holders.Select(a => a.UserId).Distinct())
        {
            await tokens.RevokeMatchingAsync(userId, null, cancellationToken);
        }
    }

    public async Task<(Role Prior, Role Implied)> AddImpliedAsync(string priorId, string impliedId, CancellationToken cancellationToken = default)
    {
        var prior = await GetRoleAsync(priorId, cancellationToken);
        var implied = await GetRoleAsync(impliedId, cancellationToken);
        var existing = await stores.Roles.ListImpliedAsync(cancellationToken);
        if (EffectiveRoles.Expand([impliedId], existing).Contains(priorId))
        {
            throw new IdentityValidationException($"Role {impliedId} already implies {priorId}: an implication cycle is not allowed.");
        }
        await stores.Roles.AddImpliedAsync(new ImpliedRole(priorId, impliedId), cancellationToken);
        return (prior, implied);
    }

    public Task<IReadOnlyList<ImpliedRole>> ListImpliedAsync(CancellationToken cancellationToken = default) => stores.Roles.ListImpliedAsync(cancellationToken);

    public async Task RemoveImpliedAsync(string priorId, string impliedId, CancellationToken cancellationToken = default)
    {
        if (!await stores.Roles.RemoveImpliedAsync(new ImpliedRole(priorId, impliedId), cancellationToken))
        {
            throw new IdentityNotFoundException("implied role", $"{priorId} implies {impliedId}");
        }
    }

    /// <summary>PUT of a grant: idempotent; the user, role and target must exist.</summary>
    public async Task GrantAsync(RoleAssignment assignment, CancellationToken cancellationToken = default)
    {
        await CheckPartiesAsync(assignment, cancellationToken);
        await stores.Assignments.GrantAsync(assignment, cancellationToken);
    }

    public async Task<bool> IsGrantedAsync(RoleAssignment assignment, CancellationToken cancellationToken = default)
    {
        await CheckPartiesAsync(assignment, cancellationToken);
        var found = await stores.Assignments.ListAsync(
            new AssignmentFilter(assignment.UserId, assignment.ProjectId, assignment.DomainId, assignment.RoleId), cancellationToken);
        return found.Count > 0;
    }

    /// <summary>Taking a role away revokes the user's tokens on that project (or all of them, for a domain grant).</summary>
    public async Task RevokeGrantAsync(RoleAssignment assignment, CancellationToken cancellationToken = default)
    {
        await CheckPartiesAsync(assignment, cancellationToken);
        if (!await stores.Assignments.RevokeAsync(assignment, cancellationToken))
        {
            throw new IdentityNotFoundException("role assignment",
                $"role {assignment.RoleId}, user {assignment.UserId}, {(assignment.ProjectId is null ? "domain " + assignment.DomainId : "project " + assignment.ProjectId)}");
        }
        await tokens.RevokeMatchingAsync(assignment.UserId, assignment.ProjectId, cancellationToken);
    }

    private async Task CheckPartiesAsync(RoleAssignment assignment, CancellationToken cancellationToken)
    {
        _ = await stores.Users.FindAsync(assignment.UserId, cancellationToken) ?? throw new IdentityNotFoundException("user", assignment.UserId);
        await GetRoleAsync(assignment.RoleId, cancellationToken);
        if (assignment.ProjectId is { } projectId)
        {
            _ = await stores.Projects.FindAsync(projectId, cancellationToken) ?? throw new IdentityNotFoundException("project", projectId);
        }
        else if (assignment.DomainId is { } domainId)
        {
            _ = await stores.Domains.FindAsync(domainId, cancellationToken) ?? throw new IdentityNotFoundException("domain", domainId);
        }
    }
}
