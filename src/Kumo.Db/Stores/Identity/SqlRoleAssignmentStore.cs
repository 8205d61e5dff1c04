using Kumo.Db.Database;
using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

public sealed class SqlRoleAssignmentStore(KumoDatabase database) : IRoleAssignmentStore
{
    private const string Project = "project";
    private const string Domain = "domain";

    private readonly IdentitySql _sql = new(database);

    public Task GrantAsync(RoleAssignment assignment, CancellationToken cancellationToken = default) =>
        _sql.ExecuteAsync("""
            INSERT INTO identity_role_assignments (user_id, target_type, target_id, role_id) VALUES (@UserId, @TargetType, @TargetId, @RoleId)
            ON CONFLICT (user_id, target_type, target_id, role_id) DO NOTHING
            """, Parameters(assignment), cancellationToken);

    public async Task<bool> RevokeAsync(RoleAssignment assignment, CancellationToken cancellationToken = default) =>
        await _sql.ExecuteAsync("""
            DELETE FROM identity_role_assignments
            WHERE user_id = @UserId AND target_type = @TargetType AND target_id = @TargetId AND role_id = @RoleId
            """, Parameters(assignment), cancellationToken).ConfigureAwait(false) > 0;

    public async Task<IReadOnlyList<RoleAssignment>> ListAsync(AssignmentFilter filter, CancellationToken cancellationToken = default)
    {
        var (targetType, targetId) = filter.ProjectId is { } p ? (Project, p) : filter.DomainId is { } d ? (Domain, d) : ((string?)null, (string?)null);
        var where = IdentitySql.Where(("user_id", "UserId", filter.UserId), ("role_id", "RoleId", filter.RoleId),
            ("target_type", "TargetType", targetType), ("target_id", "TargetId", targetId));
        var rows = await _sql.QueryAsync<AssignmentRow>($"""
            SELECT user_id AS UserId, target_type AS TargetType, target_id AS TargetId, role_id AS RoleId
            FROM identity_role_assignments {where} ORDER BY user_id, target_type, target_id, role_id
            """, new { filter.UserId, filter.RoleId, TargetType = targetType, TargetId = targetId }, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new RoleAssignment(r.UserId, r.RoleId, r.TargetType == Project ? r.TargetId : null, r.TargetType == Domain ? r.TargetId : null))
            .ToList();
    }

    public Task RemoveAllAsync(string? userId = null, string? targetId = null, string? roleId = null, CancellationToken cancellationToken = default)
    {
        var where = IdentitySql.Where(("user_id", "UserId", userId), ("target_id", "TargetId", targetId), ("role_id", "RoleId", roleId));
        if (where.Length == 0)
        {
            throw new ArgumentException("Name the user, target or role whose assignments go.");
        }
        return _sql.ExecuteAsync($"DELETE FROM identity_role_assignments {where}", new { UserId = userId, TargetId = targetId, RoleId = roleId }, cancellationToken);
    }

    private static object Parameters(RoleAssignment a) => new
    {
        a.UserId,
        a.RoleId,
        TargetType = a.ProjectId is not null ? Project : Domain,
        TargetId = a.ProjectId ?? a.DomainId ?? throw new ArgumentException("An assignment needs a project or a domain."),
    };

    private sealed class AssignmentRow
    {
        public string UserId { get; set; } = "";
        public string TargetType { get; set; } = "";
        public string TargetId { get; set; } = "";
        public string RoleId { get; set; } = "";
    }
}
