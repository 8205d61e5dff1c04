using Kumo.Db.Stores.Identity;
using Kumo.Identity.Passwords;
using Kumo.Identity.Tokens;
using Kumo.Objects.Identity;

namespace Kumo.Identity.Admin;

/// <summary>
/// Keystone's identity and resource managers: creates, updates and deletes domains, projects and
/// users with Keystone's checks, and keeps tokens honest: whatever takes away access (a deletion, a
/// disable, a password change) revokes the tokens it concerned. Authorization is the API's policy's.
/// </summary>
public sealed class IdentityAdmin(IdentityStores stores, PasswordVerifier passwords, TokenService tokens)
{
    public IdentityStores Stores => stores;

    public static string NewId() => Guid.NewGuid().ToString("N");

    public async Task<Domain> GetDomainAsync(string id, CancellationToken cancellationToken = default) =>
        await stores.Domains.FindAsync(id, cancellationToken) ?? throw new IdentityNotFoundException("domain", id);

    public async Task<Project> GetProjectAsync(string id, CancellationToken cancellationToken = default) =>
        await stores.Projects.FindAsync(id, cancellationToken) ?? throw new IdentityNotFoundException("project", id);

    public async Task<User> GetUserAsync(string id, CancellationToken cancellationToken = default) =>
        await stores.Users.FindAsync(id, cancellationToken) ?? throw new IdentityNotFoundException("user", id);

    public async Task<Domain> CreateDomainAsync(Domain domain, CancellationToken cancellationToken = default)
    {
        await stores.Domains.CreateAsync(domain, cancellationToken);
        return domain;
    }

    public async Task<Domain> UpdateDomainAsync(Domain domain, CancellationToken cancellationToken = default)
    {
        await stores.Domains.UpdateAsync(domain, cancellationToken);
        tokens.ForgetCached();
        return domain;
    }

    /// <summary>Keystone refuses to delete an enabled domain; a disabled one goes with its projects and users.</summary>
    public async Task DeleteDomainAsync(string id, CancellationToken cancellationToken = default)
    {
        var domain = await GetDomainAsync(id, cancellationToken);
        if (domain.Enabled)
        {
            throw new IdentityForbiddenMessageException("Cannot delete a domain that is enabled, please disable it first.");
        }
        foreach (var project in await stores.Projects.ListAsync(new IdentityFilter(DomainId: id), cancellationToken))
        {
            await DeleteProjectAsync(project.Id, cancellationToken);
        }
        foreach (var user in await stores.Users.ListAsync(new IdentityFilter(DomainId: id), cancellationToken))
        {
            await DeleteUserAsync(user.Id, cancellationToken);
        }
        await stores.Assignments.RemoveAllAsync(targetId: id, cancellationToken: cancellationToken);
        await stores.Domains.DeleteAsync(id, cancellationToken);
        tokens.ForgetCached();
    }

    public async Task<Project> CreateProjectAsync(Project project, CancellationToken cancellationToken = default)
    {
        await GetDomainAsync(project.DomainId, cancellationToken);
        if (project.ParentId is { } parent && parent != project.DomainId)
        {
            var parentProject = await GetProjectAsync(parent, cancellationToken);
            if (parentProject.DomainId != project.DomainId)
            {
                throw new IdentityValidationException("Cannot create project, the parent is in another domain.");
            }
        }
        var created = project with { ParentId = project.ParentId ?? project.DomainId };
        await stores.Projects.CreateAsync(created, cancellationToken);
        return created;
    }

    public async Task<Project> UpdateProjectAsync(Project project, CancellationToken cancellationToken = default)
    {
        await stores.Projects.UpdateAsync(project, cancellationToken);
        if (!project.Enabled)
        {
            await tokens.RevokeMatchingAsync(null, project.Id, cancellationToken);
        }
        tokens.ForgetCached();
        return project;
    }

    public async Task DeleteProjectAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!await stores.Projects.DeleteAsync(id, cancellationToken))
        {
            throw new IdentityNotFoundException("project", id);
        }
        await stores.Assignments.RemoveAllAsync(targetId: id, cancellationToken: cancellationToken);
        await tokens.RevokeMatchingAsync(null, id, cancellationToken);
    }

    /// <summary><paramref name="password"/> is hashed here; the user's PasswordHash is ignored.</summary>
    public async Task<User> CreateUserAsync(User user, string? password, CancellationToken cancellationToken = default)
    {
        await GetDomainAsync(user.DomainId, cancellationToken);
        if (user.DefaultProjectId is { } projectId)
        {
            await GetProjectAsync(projectId, cancellationToken);
        }
        var created = user with { PasswordHash = password is null ? null : passwords.Hash(user, password) };
        await stores.Users.CreateAsync(created, cancellationToken);
        return created;
    }

    /// <summary>A new <paramref name="password"/> (when given) or a disable revokes the user's tokens, as Keystone does.</summary>
    public async Task<User> UpdateUserAsync(User user, string? password, CancellationToken cancellationToken = default)
    {
        if (user.DefaultProjectId is { } projectId)
        {
            await GetProjectAsync(projectId, cancellationToken);
        }
        var updated = password is null ? user : user with { PasswordHash = passwords.Hash(user, password) };
        await stores.Users.UpdateAsync(updated, cancellationToken);
        if (password is not null || !updated.Enabled)
        {
            await tokens.RevokeMatchingAsync(user.Id, null, cancellationToken);
        }
        tokens.ForgetCached();
        return updated;
    }

    /// <summary>A user's own password change (POST /v3/users/{id}/password): the original must match.</summary>
    public async Task ChangePasswordAsync(string userId, string originalPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        var user = await GetUserAsync(userId, cancellationToken);
        if (!passwords.Verify(user, originalPassword))
        {
            throw new IdentityUnauthorizedException();
        }
        await UpdateUserAsync(user, newPassword, cancellationToken);
    }

    public async Task DeleteUserAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!await stores.Users.DeleteAsync(id, cancellationToken))
        {
            throw new IdentityNotFoundException("user", id);
        }
        await stores.Assignments.RemoveAllAsync(userId: id, cancellationToken: cancellationToken);
        await tokens.RevokeMatchingAsync(id, null, cancellationToken);
    }
}
