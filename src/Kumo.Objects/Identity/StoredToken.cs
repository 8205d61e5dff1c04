namespace Kumo.Objects.Identity;

/// <summary>
/// What the store keeps of an issued token: its SHA-256 (the token itself is never stored), whose it
/// is, its scope (a project, a domain, or neither) and the effective roles at issue, so a restart keeps
/// it valid until <see cref="ExpiresAt"/> or revocation.
/// </summary>
public sealed record StoredToken(
    string Hash,
    string UserId,
    string? ProjectId,
    string? DomainId,
    IReadOnlyList<string> RoleIds,
    IReadOnlyList<string> Methods,
    string AuditId,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    bool Revoked);
