using Kumo.Objects.Errors;

namespace Kumo.Db.Stores;

/// <summary>A user's key pair (Nova's KeyPair): the public half only; a generated private key is never stored.</summary>
public sealed record KeyPairRecord(
    long Id,
    string Name,
    string UserId,
    string ProjectId,
    string Fingerprint,
    string PublicKey,
    string Type,
    DateTimeOffset CreatedAt);

/// <summary>Key pairs are scoped to their user: names are unique per user, and nobody else's are listed.</summary>
public interface IKeyPairStore
{
    /// <summary>Throws KeyPairExistsException (409) when the user already has a key pair of that name.</summary>
    Task<KeyPairRecord> CreateAsync(KeyPairRecord keyPair, CancellationToken cancellationToken = default);

    /// <summary>Throws KeyPairNotFoundException (404).</summary>
    Task<KeyPairRecord> GetAsync(string userId, string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<KeyPairRecord>> ListAsync(string userId, CancellationToken cancellationToken = default);

    Task<int> CountAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Throws KeyPairNotFoundException (404).</summary>
    Task DeleteAsync(string userId, string name, CancellationToken cancellationToken = default);
}

/// <summary>Nova's KeyPairExists.</summary>
public sealed class KeyPairExistsException(string name) : KumoException($"Key pair '{name}' already exists.")
{
    public override int Code => 409;
}

/// <summary>Nova's KeypairNotFound.</summary>
public sealed class KeyPairNotFoundException(string name, string userId) : KumoException($"Keypair {name} not found for user {userId}")
{
    public override int Code => 404;
}
