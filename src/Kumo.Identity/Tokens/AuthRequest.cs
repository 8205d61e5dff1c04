namespace Kumo.Identity.Tokens;

/// <summary>POST /v3/auth/tokens as a typed request: the identity methods and the scope asked for.</summary>
public sealed record AuthRequest(IReadOnlyList<string> Methods, PasswordIdentity? Password, string? Token, ScopeRequest? Scope);

/// <summary>The password method's user: by id, or by name with the user's domain (by id or name).</summary>
public sealed record PasswordIdentity(string? UserId, string? UserName, string? DomainId, string? DomainName, string Password);

/// <summary>A project (by id, or by name with its domain) or a domain (by id or name); null members mean "not this kind".</summary>
public sealed record ScopeRequest(string? ProjectId, string? ProjectName, string? ProjectDomainId, string? ProjectDomainName, string? DomainId, string? DomainName)
{
    public bool IsProject => ProjectId is not null || ProjectName is not null;

    public bool IsDomain => DomainId is not null || DomainName is not null;
}
