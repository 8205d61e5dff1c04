using Kumo.Db.Stores.Identity;
using Kumo.Identity.Passwords;
using Kumo.Objects.Identity;

namespace Kumo.Identity.Tokens;

/// <summary>
/// Keystone's authentication: identifies the user (password, or an existing token to re-scope), finds
/// the scope asked for (or the user's default project, else unscoped) and issues a token. Every failure
/// to identify is the same 401, so a caller learns nothing about which users exist.
/// </summary>
public sealed class Authenticator(IdentityStores stores, PasswordVerifier passwords, TokenService tokens)
{
    public async Task<(string Token, IssuedToken Issued)> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        var (user, methods, expiresAt) = await IdentifyAsync(request, cancellationToken);
        var scope = await ResolveScopeAsync(user, request.Scope, cancellationToken);
        return await tokens.IssueAsync(user, scope, methods, expiresAt, cancellationToken);
    }

    private async Task<(User User, IReadOnlyList<string> Methods, DateTimeOffset? ExpiresAt)> IdentifyAsync(AuthRequest request, CancellationToken cancellationToken)
    {
        if (request.Methods.Contains("password") && request.Password is { } password)
        {
            var user = await FindUserAsync(password, cancellationToken);
            if (user is null || !passwords.Verify(user, password.Password))
            {
                throw new IdentityUnauthorizedException();
            }
            return (user, ["password"], null);
        }
        if (request.Methods.Contains("token") && request.Token is { } token)
        {
            // Keystone: a re-scoped token keeps the original's expiry, so re-scoping never extends a token's life.
            var original = await tokens.ValidateIssuedAsync(token, cancellationToken)
                ?? throw new IdentityUnauthorizedException("The token used to authenticate is not valid, expired or revoked.");
            return (original.User, ["token"], original.ExpiresAt);
        }
        throw new IdentityValidationException("Expecting to find password or token in auth.identity, as the methods say.");
    }

    private async Task<User?> FindUserAsync(PasswordIdentity identity, CancellationToken cancellationToken)
    {
        if (identity.UserId is { } id)
        {
            return await stores.Users.FindAsync(id, cancellationToken);
        }
        var domain = await FindDomainAsync(identity.DomainId, identity.DomainName, "user", cancellationToken);
        return domain is null ? null : await stores.Users.FindByNameAsync(domain.Id, identity.UserName!, cancellationToken);
    }

    private async Task<TokenScope> ResolveScopeAsync(User user, ScopeRequest? scope, CancellationToken cancellationToken)
    {
        if (scope is null)
        {
            return await DefaultScopeAsync(user, cancellationToken);
        }
        if (scope.IsProject)
        {
            Project? project;
            if (scope.ProjectId is { } projectId)
            {
                project = await stores.Projects.FindAsync(projectId, cancellationToken);
            }
            else
            {
                var domain = await FindDomainAsync(scope.ProjectDomainId, scope.ProjectDomainName, "project", cancellationToken);
                project = domain is null ? null : await stores.Projects.FindByNameAsync(domain.Id, scope.ProjectName!, cancellationToken);
            }
            return TokenScope.ForProject(project ?? throw new IdentityUnauthorizedException($"Could not find project: {scope.ProjectId ?? scope.ProjectName}."));
        }
        if (scope.IsDomain)
        {
            var domain = await FindDomainAsync(scope.DomainId, scope.DomainName, "scope", cancellationToken)
                ?? throw new IdentityUnauthorizedException($"Could not find domain: {scope.DomainId ?? scope.DomainName}.");
            return TokenScope.ForDomain(domain);
        }
        return TokenScope.Unscoped;
    }

    // Keystone scopes a token without a scope to the user's default project when he has a role there.
    private async Task<TokenScope> DefaultScopeAsync(User user, CancellationToken cancellationToken)
    {
        if (user.DefaultProjectId is { } projectId && await stores.Projects.FindAsync(projectId, cancellationToken) is { Enabled: true } project
            && (await stores.Assignments.ListAsync(new AssignmentFilter(UserId: user.Id, ProjectId: project.Id), cancellationToken)).Count > 0)
        {
            return TokenScope.ForProject(project);
        }
        return TokenScope.Unscoped;
    }

    private async Task<Domain?> FindDomainAsync(string? id, string? name, string what, CancellationToken cancellationToken)
    {
        if (id is not null)
        {
            return await stores.Domains.FindAsync(id, cancellationToken);
        }
        if (name is not null)
        {
            return await stores.Domains.FindByNameAsync(name, cancellationToken);
        }
        throw new IdentityValidationException($"Expecting to find domain in {what}. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.");
    }
}
