namespace Kumo.Client.Identity;

/// <summary>A project by id and name: a token's scope, or one the user may scope to (GET /v3/auth/projects).</summary>
public sealed record KeystoneProject(string Id, string Name);
