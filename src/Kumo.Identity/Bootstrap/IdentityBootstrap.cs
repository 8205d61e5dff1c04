using System.Buffers.Text;
using System.Security.Cryptography;
using Kumo.Db.Stores.Identity;
using Kumo.Identity.Admin;
using Kumo.Identity.Passwords;
using Kumo.Objects.Identity;
using Microsoft.Extensions.Logging;

namespace Kumo.Identity.Bootstrap;

/// <summary>
/// keystone-manage bootstrap, run at every start and idempotent: domain "default" (Default), roles
/// admin → member → reader, project and user admin (admin role on the project and the domain), project
/// and user demo (member). A password comes from configuration (and then is set to it) or is generated
/// once when the user is created; it is written only to the openrc and clouds.yaml files, never to the
/// store (a hash) nor to the log. A later start keeps existing passwords unless configured.
/// </summary>
public sealed partial class IdentityBootstrap(IdentityAdmin admin, RoleAdmin roles, PasswordVerifier passwords, IdentityOptions options,
    ILogger<IdentityBootstrap> logger)
{
    public const string DefaultDomainId = "default";
    public const string DefaultDomainName = "Default";

    /// <summary>Ensures the defaults; <paramref name="authUrl"/> (…/identity/v3) and <paramref name="region"/> go into the files.</summary>
    public async Task EnsureAsync(string authUrl, string region, CancellationToken cancellationToken = default)
    {
        var stores = admin.Stores;
        var domain = await stores.Domains.FindAsync(DefaultDomainId, cancellationToken)
            ?? await admin.CreateDomainAsync(new Domain(DefaultDomainId, DefaultDomainName, "The default domain", true), cancellationToken);
        var adminRole = await EnsureRoleAsync(stores, "admin", cancellationToken);
        var memberRole = await EnsureRoleAsync(stores, "member", cancellationToken);
        var readerRole = await EnsureRoleAsync(stores, "reader", cancellationToken);
        await stores.Roles.AddImpliedAsync(new ImpliedRole(adminRole.Id, memberRole.Id), cancellationToken);
        await stores.Roles.AddImpliedAsync(new ImpliedRole(memberRole.Id, readerRole.Id), cancellationToken);

        var adminPassword = await EnsureUserAsync(domain, "admin", adminRole, options.AdminPassword, "kumo-admin", cancellationToken);
        await roles.GrantAsync(new RoleAssignment((await UserAsync(stores, "admin", cancellationToken)).Id, adminRole.Id, null, domain.Id), cancellationToken);
        var demoPassword = await EnsureUserAsync(domain, "demo", memberRole, options.DemoPassword, "kumo-demo", cancellationToken);

        var adminCloud = adminPassword is null ? null : new CloudCredentials("kumo-admin", authUrl, region, "admin", adminPassword, "admin");
        var demoCloud = demoPassword is null ? null : new CloudCredentials("kumo-demo", authUrl, region, "demo", demoPassword, "demo");
        var adminUser = await UserAsync(stores, "admin", cancellationToken);
        WriteFiles(adminCloud, demoCloud, OtherService(options.OpenrcPath, authUrl, adminUser), OtherService(options.CloudsYamlPath, authUrl, adminUser));
    }

    /// <summary>
    /// True when a Kumo-written file is another service's: another URL and an admin password this store
    /// does not know (a second kumo serve on the host, such as a test's, must not take over the first's
    /// files). A configured admin password is the operator claiming the files: they are written.
    /// </summary>
    private bool OtherService(string path, string authUrl, User adminUser)
    {
        if (options.AdminPassword.Length > 0)
        {
            return false;
        }
        var url = CredentialFiles.ReadAuthUrl(path, "kumo-admin");
        var password = CredentialFiles.ReadPassword(path, "kumo-admin");
        var other = url is not null && url != authUrl && password is not null && !passwords.Verify(adminUser, password);
        if (other)
        {
            LogOtherService(path, url!);
        }
        return other;
    }

    private void WriteFiles(CloudCredentials? adminCloud, CloudCredentials? demoCloud, bool openrcTaken, bool cloudsTaken)
    {
        if (options.OpenrcPath.Length > 0 && !openrcTaken)
        {
            if (adminCloud is null)
            {
                LogPasswordUnknown("admin", "Identity:AdminPassword", options.OpenrcPath);
            }
            else if (!CredentialFiles.Write(options.OpenrcPath, CredentialFiles.Openrc(adminCloud)))
            {
                LogNotOurs(options.OpenrcPath);
            }
        }
        if (options.CloudsYamlPath.Length > 0 && !cloudsTaken)
        {
            if (adminCloud is null || demoCloud is null)
            {
                LogPasswordUnknown(adminCloud is null ? "admin" : "demo", adminCloud is null ? "Identity:AdminPassword" : "Identity:DemoPassword", options.CloudsYamlPath);
            }
            else if (!CredentialFiles.Write(options.CloudsYamlPath, CredentialFiles.CloudsYaml([adminCloud, demoCloud])))
            {
                LogNotOurs(options.CloudsYamlPath);
            }
        }
    }

    /// <summary>Ensures project and user <paramref name="name"/> with the role; returns the password when it is known (configured, new, or in Kumo's files).</summary>
    private async Task<string?> EnsureUserAsync(Domain domain, string name, Role role, string configured, string cloud, CancellationToken cancellationToken)
    {
        var stores = admin.Stores;
        var project = await stores.Projects.FindByNameAsync(domain.Id, name, cancellationToken)
            ?? await admin.CreateProjectAsync(new Project(IdentityAdmin.NewId(), name, domain.Id, $"Bootstrap project for the {name} user", true, null), cancellationToken);
        var user = await stores.Users.FindByNameAsync(domain.Id, name, cancellationToken);
        string? password;
        if (user is null)
        {
            password = configured.Length > 0 ? configured : Generate();
            user = await admin.CreateUserAsync(new User(IdentityAdmin.NewId(), name, domain.Id, true, project.Id, null, null, null), password, cancellationToken);
            LogCreated(name, configured.Length > 0 ? "configured" : "generated");
        }
        else if (configured.Length > 0)
        {
            password = configured;
            if (!passwords.Verify(user, configured))
            {
                await admin.UpdateUserAsync(user, configured, cancellationToken);
                LogPasswordSet(name);
            }
        }
        else
        {
            password = Recover(user, cloud);
        }
        await roles.GrantAsync(new RoleAssignment(user.Id, role.Id, project.Id, null), cancellationToken);
        return password;
    }

    private string? Recover(User user, string cloud)
    {
        foreach (var path in new[] { options.CloudsYamlPath, cloud == "kumo-admin" ? options.OpenrcPath : "" })
        {
            if (CredentialFiles.ReadPassword(path, cloud) is { } found && passwords.Verify(user, found))
            {
                return found;
            }
        }
        return null;
    }

    private static async Task<Role> EnsureRoleAsync(IdentityStores stores, string name, CancellationToken cancellationToken)
    {
        var existing = await stores.Roles.ListAsync(new IdentityFilter(Name: name), cancellationToken);
        if (existing.Count > 0)
        {
            return existing[0];
        }
        var role = new Role(IdentityAdmin.NewId(), name, null, "");
        await stores.Roles.CreateAsync(role, cancellationToken);
        return role;
    }

    private static async Task<User> UserAsync(IdentityStores stores, string name, CancellationToken cancellationToken) =>
        await stores.Users.FindByNameAsync(DefaultDomainId, name, cancellationToken) ?? throw new InvalidOperationException($"Bootstrap user {name} vanished.");

    // 24 random bytes: 32 base64url characters, safe unquoted in shells and YAML.
    private static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Bootstrap created user {Name} with a {Source} password")]
    private partial void LogCreated(string name, string source);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Bootstrap set user {Name}'s password from the configuration")]
    private partial void LogPasswordSet(string name);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "The {Name} user's password is not known (not configured, not in Kumo's files): {Path} is not written; set {Key} to write it")]
    private partial void LogPasswordUnknown(string name, string key, string path);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "{Path} was not written by Kumo; left unchanged")]
    private partial void LogNotOurs(string path);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "{Path} is another Kumo service's (auth_url {AuthUrl}, an admin password this one does not know); left unchanged: set Identity:CloudsYamlPath/OpenrcPath to files of this service's own, or delete it")]
    private partial void LogOtherService(string path, string authUrl);
}
