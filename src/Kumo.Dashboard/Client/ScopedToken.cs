namespace Kumo.Dashboard.Client;

/// <summary>What a token gives the dashboard: the token, who and where, and the catalog's endpoints (kept in the session).</summary>
public sealed record ScopedToken(string Token, string UserId, string UserName, string ProjectId, string ProjectName,
    IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt, string ComputeUrl, string ImageUrl, string? NetworkUrl);
