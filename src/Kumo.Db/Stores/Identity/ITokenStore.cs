using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

/// <summary>Issued tokens by their SHA-256; the token itself is never given to the store.</summary>
public interface ITokenStore
{
    Task AddAsync(StoredToken token, CancellationToken cancellationToken = default);

    Task<StoredToken?> FindAsync(string hash, CancellationToken cancellationToken = default);

    Task<bool> RevokeAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>Revokes every live token of the user and/or scoped to the project; returns their hashes.</summary>
    Task<IReadOnlyList<string>> RevokeMatchingAsync(string? userId, string? projectId, CancellationToken cancellationToken = default);

    /// <summary>Forgets tokens that expired before <paramref name="before"/>.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
