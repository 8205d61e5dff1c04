namespace Kumo.Identity;

/// <summary>
/// What every API service asks of identity for each request (keystonemiddleware's auth_token): is
/// this token valid now, and whose is it. Null for unknown, expired or revoked tokens.
/// </summary>
public interface ITokenValidator
{
    ValueTask<ValidatedToken?> ValidateAsync(string token, CancellationToken cancellationToken = default);
}

/// <summary>A token's scope and roles. <see cref="ProjectId"/> is null for a domain- or un-scoped token.</summary>
public sealed record ValidatedToken(
    string UserId,
    string UserName,
    string UserDomainId,
    string? ProjectId,
    string? ProjectName,
    string? ProjectDomainId,
    IReadOnlyList<string> Roles,
    DateTimeOffset ExpiresAt,
    DateTimeOffset IssuedAt)
{
    public bool IsAdmin => Roles.Contains("admin");
}
