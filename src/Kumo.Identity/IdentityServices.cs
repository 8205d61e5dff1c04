using Kumo.Db.Stores.Identity;
using Kumo.Identity.Admin;
using Kumo.Identity.Bootstrap;
using Kumo.Identity.Passwords;
using Kumo.Identity.Tokens;
using Microsoft.Extensions.Logging;

namespace Kumo.Identity;

/// <summary>The identity service composed over its stores (what the API unit registers for Keystone's handlers).</summary>
public sealed class IdentityServices
{
    private readonly ILoggerFactory _loggers;

    private IdentityServices(IdentityStores stores, IdentityOptions options, TimeSpan tokenExpiration, TimeProvider time, ILoggerFactory loggers)
    {
        _loggers = loggers;
        Stores = stores;
        Passwords = new PasswordVerifier(options.PasswordHashRounds);
        Tokens = new TokenService(stores, new EffectiveRoles(stores), tokenExpiration, time, loggers.CreateLogger<TokenService>());
        Authenticator = new Authenticator(stores, Passwords, Tokens);
        Admin = new IdentityAdmin(stores, Passwords, Tokens);
        Roles = new RoleAdmin(stores, Tokens);
    }

    public IdentityStores Stores { get; }
    public PasswordVerifier Passwords { get; }
    public TokenService Tokens { get; }
    public Authenticator Authenticator { get; }
    public IdentityAdmin Admin { get; }
    public RoleAdmin Roles { get; }

    public static IdentityServices Create(IdentityStores stores, IdentityOptions options, TimeSpan tokenExpiration, TimeProvider time, ILoggerFactory loggers) =>
        new(stores, options, tokenExpiration, time, loggers);

    public IdentityBootstrap Bootstrap(IdentityOptions options) => new(Admin, Roles, Passwords, options, _loggers.CreateLogger<IdentityBootstrap>());
}
