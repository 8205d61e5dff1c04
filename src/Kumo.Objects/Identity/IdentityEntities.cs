namespace Kumo.Objects.Identity;

/// <summary>Keystone's domain: the namespace of projects, users and domain-specific roles.</summary>
public sealed record Domain(string Id, string Name, string Description, bool Enabled);

/// <summary>Keystone's project (tenant). <see cref="ParentId"/> is the domain id for a top-level project, as in Keystone.</summary>
public sealed record Project(string Id, string Name, string DomainId, string Description, bool Enabled, string? ParentId);

/// <summary>
/// Keystone's local user. <see cref="PasswordHash"/> is the hasher's output (never the password) and
/// never leaves the identity service; null means the user cannot authenticate with a password.
/// </summary>
public sealed record User(string Id, string Name, string DomainId, bool Enabled, string? DefaultProjectId, string? Description, string? Email,
    string? PasswordHash)
{
    public DateTimeOffset? PasswordExpiresAt { get; init; }
}

/// <summary>Keystone's role; <see cref="DomainId"/> is null for a global role (admin, member, reader).</summary>
public sealed record Role(string Id, string Name, string? DomainId, string Description);

/// <summary>A role a user holds on a project or a domain (exactly one of them).</summary>
public sealed record RoleAssignment(string UserId, string RoleId, string? ProjectId, string? DomainId);

/// <summary>Holding <see cref="PriorRoleId"/> also grants <see cref="ImpliedRoleId"/> (admin implies member implies reader).</summary>
public sealed record ImpliedRole(string PriorRoleId, string ImpliedRoleId);
