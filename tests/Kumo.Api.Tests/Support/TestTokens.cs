using System.Collections.Concurrent;
using Kumo.Identity;

namespace Kumo.Api.Tests.Support;

/// <summary>
/// Tokens minted by the test itself, until the identity service issues real ones; ApiCloud.ClientAsync
/// is the one place that hands them out, so switching it to Keystone changes no test.
/// </summary>
public sealed class TestTokens : ITokenValidator
{
    private readonly ConcurrentDictionary<string, ValidatedToken> _tokens = new();

    public string Issue(string projectName, string userName, IReadOnlyList<string> roles)
    {
        var token = "test-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        _tokens[token] = new ValidatedToken("u-" + userName, userName, "default", "p-" + projectName, projectName, "default", roles, now.AddHours(1), now);
        return token;
    }

    public ValueTask<ValidatedToken?> ValidateAsync(string token, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_tokens.TryGetValue(token, out var t) ? t : null);
}
