using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Kumo.Db.Stores.Identity;
using Kumo.Identity.Admin;
using Kumo.Objects.Identity;
using Microsoft.Extensions.Logging;

namespace Kumo.Identity.Tokens;

/// <summary>
/// Issues, validates and revokes tokens. A token is 32 random bytes in base64url (256 bits: not
/// guessable); the store keeps only its SHA-256 with the user, scope, roles and times, so a restart
/// keeps tokens valid until they expire and a copy of the database yields no usable token. Validated
/// tokens are cached in memory by hash (validation is on every API request); revocation removes them.
/// Tokens are never logged: log lines name the user and the audit id, as Keystone's do.
/// </summary>
public sealed partial class TokenService(IdentityStores stores, EffectiveRoles effectiveRoles, TimeSpan expiration, TimeProvider time, ILogger<TokenService> logger)
    : ITokenValidator
{
    // Past this many cached tokens, expired ones are swept on the next issue (1,000 servers' worth of clients fit many times).
    private const int SweepThreshold = 50_000;

    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);

    public async Task<(string Token, IssuedToken Issued)> IssueAsync(User user, TokenScope scope, IReadOnlyList<string> methods,
        DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        var userDomain = await stores.Domains.FindAsync(user.DomainId, cancellationToken);
        if (!user.Enabled || userDomain is not { Enabled: true })
        {
            throw new IdentityUnauthorizedException();
        }
        var (projectDomain, roles) = await ScopeRolesAsync(user, scope, cancellationToken);
        var now = time.GetUtcNow();
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var stored = new StoredToken(HashOf(token), user.Id, scope.Project?.Id, scope.Domain?.Id, roles.Select(r => r.Id).ToList(), methods,
            Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)), now, expiresAt ?? now + expiration, Revoked: false);
        await stores.Tokens.AddAsync(stored, cancellationToken);
        var issued = new IssuedToken(stored, user, userDomain, scope.Project, projectDomain, scope.Domain, roles);
        Remember(issued);
        LogIssued(user.Id, scope.Project?.Id ?? scope.Domain?.Id ?? "unscoped", stored.AuditId);
        return (token, issued);
    }

    public async ValueTask<ValidatedToken?> ValidateAsync(string token, CancellationToken cancellationToken = default) =>
        (await FindValidAsync(token, cancellationToken))?.Validated;

    /// <summary>The token's full document, or null when it is unknown, expired or revoked.</summary>
    public async ValueTask<IssuedToken?> ValidateIssuedAsync(string token, CancellationToken cancellationToken = default) =>
        (await FindValidAsync(token, cancellationToken))?.Issued;

    public async Task<bool> RevokeAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = HashOf(token);
        _cache.TryRemove(hash, out _);
        var revoked = await stores.Tokens.RevokeAsync(hash, cancellationToken);
        if (revoked)
        {
            LogRevoked(1, "token");
        }
        return revoked;
    }

    /// <summary>Revokes the user's tokens and/or those scoped to the project (password change, deletion, a role taken away).</summary>
    public async Task RevokeMatchingAsync(string? userId, string? projectId, CancellationToken cancellationToken = default)
    {
        var hashes = await stores.Tokens.RevokeMatchingAsync(userId, projectId, cancellationToken);
        foreach (var hash in hashes)
        {
            _cache.TryRemove(hash, out _);
        }
        // Tokens validated elsewhere in the cache but revoked by another path are re-read on their next use.
        foreach (var (hash, cached) in _cache)
        {
            if ((userId is null || cached.Issued.User.Id == userId) && (projectId is null || cached.Issued.Project?.Id == projectId))
            {
                _cache.TryRemove(hash, out _);
            }
        }
        LogRevoked(hashes.Count, userId ?? projectId ?? "");
    }

    /// <summary>Names shown in cached token bodies may have changed (a rename); the next validation reads the store.</summary>
    public void ForgetCached() => _cache.Clear();

    private async ValueTask<Cached?> FindValidAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length is 0 or > 256)
        {
            return null;
        }
        var hash = HashOf(token);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached))
        {
            if (cached.Issued.ExpiresAt > now)
            {
                return cached;
            }
            _cache.TryRemove(hash, out _);
            return null;
        }
        var stored = await stores.Tokens.FindAsync(hash, cancellationToken);
        if (stored is null || stored.Revoked || stored.ExpiresAt <= now)
        {
            return null;
        }
        var issued = await LoadAsync(stored, cancellationToken);
        return issued is null ? null : Remember(issued);
    }

    private async Task<IssuedToken?> LoadAsync(StoredToken stored, CancellationToken cancellationToken)
    {
        var user = await stores.Users.FindAsync(stored.UserId, cancellationToken);
        var userDomain = user is null ? null : await stores.Domains.FindAsync(user.DomainId, cancellationToken);
        if (user is not { Enabled: true } || userDomain is not { Enabled: true })
        {
            return null;
        }
        var project = stored.ProjectId is null ? null : await stores.Projects.FindAsync(stored.ProjectId, cancellationToken);
        if (stored.ProjectId is not null && project is not { Enabled: true })
        {
            return null;
        }
        var projectDomain = project is null ? null : await stores.Domains.FindAsync(project.DomainId, cancellationToken);
        var domain = stored.DomainId is null ? null : await stores.Domains.FindAsync(stored.DomainId, cancellationToken);
        var roles = new List<Role>();
        foreach (var id in stored.RoleIds)
        {
            if (await stores.Roles.FindAsync(id, cancellationToken) is { } role)
            {
                roles.Add(role);
            }
        }
        return new IssuedToken(stored, user, userDomain, project, projectDomain, domain, roles);
    }

    private async Task<(Domain? ProjectDomain, IReadOnlyList<Role> Roles)> ScopeRolesAsync(User user, TokenScope scope, CancellationToken cancellationToken)
    {
        if (scope.Project is { } project)
        {
            var domain = await stores.Domains.FindAsync(project.DomainId, cancellationToken);
            var roles = await effectiveRoles.OnAsync(user.Id, project.Id, null, cancellationToken);
            if (!project.Enabled || domain is not { Enabled: true } || roles.Count == 0)
            {
                throw new IdentityUnauthorizedException($"User {user.Id} has no access to project {project.Id}");
            }
            return (domain, roles);
        }
        if (scope.Domain is { } scopeDomain)
        {
            var roles = await effectiveRoles.OnAsync(user.Id, null, scopeDomain.Id, cancellationToken);
            if (!scopeDomain.Enabled || roles.Count == 0)
            {
                throw new IdentityUnauthorizedException($"User {user.Id} has no access to domain {scopeDomain.Id}");
            }
            return (null, roles);
        }
        return (null, []);
    }

    private Cached Remember(IssuedToken issued)
    {
        if (_cache.Count > SweepThreshold)
        {
            var now = time.GetUtcNow();
            foreach (var (hash, old) in _cache)
            {
                if (old.Issued.ExpiresAt <= now)
                {
                    _cache.TryRemove(hash, out _);
                }
            }
        }
        var cached = new Cached(issued, issued.ToValidated());
        _cache[issued.Stored.Hash] = cached;
        return cached;
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private sealed record Cached(IssuedToken Issued, ValidatedToken Validated);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Issued a token for user {UserId} scoped to {Scope} (audit id {AuditId})")]
    private partial void LogIssued(string userId, string scope, string auditId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Revoked {Count} token(s) of {Owner}")]
    private partial void LogRevoked(int count, string owner);
}
