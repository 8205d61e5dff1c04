using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Kumo.Dashboard.Sessions;

/// <summary>
/// Sessions kept server-side: the cookie carries only a random key (encrypted by Data Protection as the
/// cookie handler does), the Keystone token stays here. Signing out removes the entry, so a copy of an
/// old cookie finds nothing even before the token's own expiry. In memory: a restart logs everyone out.
/// </summary>
public sealed class SessionStore(TimeProvider time) : ITicketStore
{
    private readonly ConcurrentDictionary<string, AuthenticationTicket> _tickets = new(StringComparer.Ordinal);

    public int Count => _tickets.Count;

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        _tickets[key] = ticket;
        Sweep();
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        _tickets[key] = ticket;
        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (_tickets.TryGetValue(key, out var ticket) && ticket.Properties.ExpiresUtc is { } expires && expires <= time.GetUtcNow())
        {
            _tickets.TryRemove(key, out _);
            ticket = null;
        }
        return Task.FromResult(ticket);
    }

    public Task RemoveAsync(string key)
    {
        _tickets.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, ticket) in _tickets)
        {
            if (ticket.Properties.ExpiresUtc is { } expires && expires <= now)
            {
                _tickets.TryRemove(key, out _);
            }
        }
    }

    public static string Scheme => CookieAuthenticationDefaults.AuthenticationScheme;
}
