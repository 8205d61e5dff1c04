using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Kumo.Client.Identity;

namespace Kumo.Dashboard.Client;

/// <summary>
/// The project-scoped tokens a dashboard session runs on: a password login (to the project named, else
/// the user's first), and rescoping to another of the user's projects. A token without compute and image
/// endpoints is refused: every page needs them.
/// </summary>
public sealed class ScopedTokens(KeystoneClient keystone)
{
    private const string NoProject = "The user has no role on any project: ask an administrator for one.";

    public Task<ScopedToken> LoginAsync(string userName, string password, string domain, string? projectName, CancellationToken cancellationToken)
    {
        var identity = KeystoneAuth.Password(userName, domain, password);
        return projectName is null
            ? LoginToFirstProjectAsync(identity, cancellationToken)
            : IssueAsync(identity, KeystoneAuth.ProjectByName(projectName, domain), cancellationToken);
    }

    /// <summary>A token for another of the user's projects, from the current one (Keystone's token method).</summary>
    public Task<ScopedToken> RescopeAsync(string token, string projectId, CancellationToken cancellationToken) =>
        IssueAsync(KeystoneAuth.Token(token), KeystoneAuth.ProjectById(projectId), cancellationToken);

    /// <summary>No project named: an unscoped token, the user's first project (by name), then that token is revoked.</summary>
    private async Task<ScopedToken> LoginToFirstProjectAsync(JsonObject identity, CancellationToken cancellationToken)
    {
        var unscoped = await keystone.IssueAsync(identity, null, cancellationToken);
        try
        {
            var projects = await keystone.ProjectsAsync(unscoped.Id, cancellationToken);
            return projects.Count == 0
                ? throw new OpenStackApiException(403, NoProject, null)
                : await RescopeAsync(unscoped.Id, projects[0].Id, cancellationToken);
        }
        finally
        {
            await keystone.RevokeAsync(unscoped.Id, cancellationToken);
        }
    }

    private async Task<ScopedToken> IssueAsync(JsonObject identity, JsonObject scope, CancellationToken cancellationToken)
    {
        var token = await keystone.IssueAsync(identity, scope, cancellationToken);
        var project = token.Project ?? throw new OpenStackApiException(403, NoProject, null);
        return new ScopedToken(token.Id, token.UserId, token.UserName, project.Id, project.Name, token.Roles, token.ExpiresAt,
            Endpoint(token, "compute") ?? throw new OpenStackApiException(502, "The catalog has no public compute endpoint.", null),
            Endpoint(token, "image") ?? throw new OpenStackApiException(502, "The catalog has no public image endpoint.", null),
            Endpoint(token, "network"));
    }

    private static string? Endpoint(KeystoneToken token, string serviceType) => token.Catalog.Find(serviceType)?.OriginalString;
}
