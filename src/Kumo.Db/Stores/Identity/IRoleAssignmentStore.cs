using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

/// <summary>Direct role assignments of users on projects and domains (no groups, no inheritance).</summary>
public interface IRoleAssignmentStore
{
    /// <summary>Idempotent, as Keystone's PUT of a grant.</summary>
    Task GrantAsync(RoleAssignment assignment, CancellationToken cancellationToken = default);

    Task<bool> RevokeAsync(RoleAssignment assignment, CancellationToken cancellationToken = default);

    /// <summary>Assignments matching every filter that is set; a project or domain filter selects that scope only.</summary>
    Task<IReadOnlyList<RoleAssignment>> ListAsync(AssignmentFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Removes every assignment of a user, on a project or domain, or of a role (their deletion).</summary>
    Task RemoveAllAsync(string? userId = null, string? targetId = null, string? roleId = null, CancellationToken cancellationToken = default);
}

public sealed record AssignmentFilter(string? UserId = null, string? ProjectId = null, string? DomainId = null, string? RoleId = null);
