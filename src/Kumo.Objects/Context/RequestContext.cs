namespace Kumo.Objects.Context;

/// <summary>
/// Who asks and under which request id; travels with every RPC message, as Nova's context does.
/// <see cref="Roles"/> are the token's role names (admin, member, reader); <see cref="IsAdmin"/> is
/// derived from them by the API (Keystone's admin role), or set for internal work.
/// </summary>
public sealed record RequestContext(string RequestId, string UserId, string ProjectId, bool IsAdmin = false)
{
    public IReadOnlyList<string> Roles { get; init; } = [];

    public string? UserName { get; init; }

    public string? ProjectName { get; init; }

    /// <summary>A reader may look but not change (Keystone's reader role, implied by member and admin).</summary>
    public bool CanWrite => IsAdmin || Roles.Contains("member") || Roles.Contains("_member_");

    public static RequestContext Admin() => new(NewRequestId(), "admin", "admin", IsAdmin: true) { Roles = ["admin", "member", "reader"] };

    public static string NewRequestId() => "req-" + Guid.NewGuid().ToString();
}
