using Kumo.Objects.Identity;

namespace Kumo.Identity.Tokens;

/// <summary>
/// A valid token with everything its body shows (Keystone's token document): the user and his domain,
/// the scope (a project and its domain, a domain, or none), the effective roles, the methods used.
/// </summary>
public sealed record IssuedToken(
    StoredToken Stored,
    User User,
    Domain UserDomain,
    Project? Project,
    Domain? ProjectDomain,
    Domain? ScopeDomain,
    IReadOnlyList<Role> Roles)
{
    public DateTimeOffset ExpiresAt => Stored.ExpiresAt;

    public DateTimeOffset IssuedAt => Stored.IssuedAt;

    public ValidatedToken ToValidated() => new(User.Id, User.Name, User.DomainId, Project?.Id, Project?.Name, Project?.DomainId,
        Roles.Select(r => r.Name).ToList(), ExpiresAt, IssuedAt);
}
