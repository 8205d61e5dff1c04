using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Kumo.Objects.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kumo.Identity.Passwords;

/// <summary>
/// Hashes with ASP.NET Core Identity's PasswordHasher (PBKDF2-HMAC-SHA512, 100,000 iterations, salted,
/// versioned). One verification costs tens of milliseconds by design, which alone would miss the token
/// issue target (≤ 5 ms p50; Keystone's bcrypt costs Nova's 200 ms), so a successful verification is
/// remembered in memory as an HMAC of the password under a key that lives only in this process, tied
/// to the stored hash: a changed password, or another process, verifies the slow way again.
/// </summary>
public sealed class PasswordVerifier(int iterations = 100_000)
{
    private readonly PasswordHasher<User> _hasher = new(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Verified> _verified = new();

    public string Hash(User user, string password) => _hasher.HashPassword(user, password);

    public bool Verify(User user, string password)
    {
        if (user.PasswordHash is null)
        {
            return false;
        }
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(password));
        if (_verified.TryGetValue(user.Id, out var known) && known.StoredHash == user.PasswordHash && CryptographicOperations.FixedTimeEquals(known.Mac, mac))
        {
            return true;
        }
        var result = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            return false;
        }
        _verified[user.Id] = new Verified(user.PasswordHash, mac);
        return true;
    }

    private sealed record Verified(string StoredHash, byte[] Mac);
}
