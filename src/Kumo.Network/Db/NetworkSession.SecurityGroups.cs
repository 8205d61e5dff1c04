using Dapper;
using Kumo.Network.Model;

namespace Kumo.Network.Db;

public sealed partial class NetworkSession
{
    public Task<SecurityGroupRecord?> GetSecurityGroupAsync(Guid id) =>
        OneAsync<SecurityGroupRecord>("SELECT doc_json FROM security_groups WHERE id = @Id", new { Id = NetworkDocs.Id(id) });

    public Task<IReadOnlyList<SecurityGroupRecord>> ListSecurityGroupsAsync(string? projectId) => projectId is null
        ? ManyAsync<SecurityGroupRecord>("SELECT doc_json FROM security_groups ORDER BY id")
        : ManyAsync<SecurityGroupRecord>("SELECT doc_json FROM security_groups WHERE project_id = @ProjectId ORDER BY id", new { ProjectId = projectId });

    public Task<int> InsertSecurityGroupAsync(SecurityGroupRecord group) => ExecuteAsync(
        "INSERT INTO security_groups (id, project_id, doc_json) VALUES (@Id, @ProjectId, @Doc)",
        new { Id = NetworkDocs.Id(group.Id), group.ProjectId, Doc = NetworkDocs.Write(group) });

    public Task<int> UpdateSecurityGroupAsync(SecurityGroupRecord group) => ExecuteAsync(
        "UPDATE security_groups SET doc_json = @Doc WHERE id = @Id", new { Id = NetworkDocs.Id(group.Id), Doc = NetworkDocs.Write(group) });

    public async Task<int> DeleteSecurityGroupAsync(Guid id)
    {
        await ExecuteAsync("DELETE FROM security_group_rules WHERE security_group_id = @Id", new { Id = NetworkDocs.Id(id) }).ConfigureAwait(false);
        return await ExecuteAsync("DELETE FROM security_groups WHERE id = @Id", new { Id = NetworkDocs.Id(id) }).ConfigureAwait(false);
    }

    public async Task<Guid?> DefaultSecurityGroupIdAsync(string projectId) =>
        await connection.QuerySingleOrDefaultAsync<string>(Command("SELECT security_group_id FROM default_security_groups WHERE project_id = @ProjectId",
            new { ProjectId = projectId })).ConfigureAwait(false) is { } id ? Guid.Parse(id) : null;

    /// <summary>Records the project's default group; false when it already has one (nothing written).</summary>
    public async Task<bool> TryInsertDefaultSecurityGroupAsync(string projectId, Guid groupId) => await ExecuteAsync("""
        INSERT INTO default_security_groups (project_id, security_group_id) VALUES (@ProjectId, @GroupId)
        ON CONFLICT (project_id) DO NOTHING
        """, new { ProjectId = projectId, GroupId = NetworkDocs.Id(groupId) }).ConfigureAwait(false) == 1;

    public Task<int> DeleteDefaultSecurityGroupAsync(string projectId) =>
        ExecuteAsync("DELETE FROM default_security_groups WHERE project_id = @ProjectId", new { ProjectId = projectId });

    public Task<SecurityGroupRuleRecord?> GetRuleAsync(Guid id) =>
        OneAsync<SecurityGroupRuleRecord>("SELECT doc_json FROM security_group_rules WHERE id = @Id", new { Id = NetworkDocs.Id(id) });

    public Task<IReadOnlyList<SecurityGroupRuleRecord>> ListRulesAsync(IReadOnlyCollection<Guid>? groupIds = null) => groupIds is null
        ? ManyAsync<SecurityGroupRuleRecord>("SELECT doc_json FROM security_group_rules ORDER BY id")
        : groupIds.Count == 0 ? Task.FromResult<IReadOnlyList<SecurityGroupRuleRecord>>([])
        : ManyAsync<SecurityGroupRuleRecord>("SELECT doc_json FROM security_group_rules WHERE security_group_id IN @Ids ORDER BY id",
            new { Ids = groupIds.Select(NetworkDocs.Id).ToArray() });

    /// <summary>Groups with a rule whose remote group is one of these.</summary>
    public async Task<IReadOnlyList<Guid>> GroupsReferringToAsync(IReadOnlyCollection<Guid> remoteGroupIds) => remoteGroupIds.Count == 0 ? [] :
        [.. (await connection.QueryAsync<string>(Command("SELECT DISTINCT security_group_id FROM security_group_rules WHERE remote_group_id IN @Ids",
            new { Ids = remoteGroupIds.Select(NetworkDocs.Id).ToArray() })).ConfigureAwait(false)).Select(Guid.Parse)];

    /// <summary>Adds a rule; false when the group has the same rule already (nothing written).</summary>
    public async Task<bool> TryInsertRuleAsync(SecurityGroupRuleRecord rule) => await ExecuteAsync("""
        INSERT INTO security_group_rules (id, security_group_id, remote_group_id, rule_key, doc_json)
        VALUES (@Id, @GroupId, @RemoteGroupId, @RuleKey, @Doc)
        ON CONFLICT (security_group_id, rule_key) DO NOTHING
        """, new
    {
        Id = NetworkDocs.Id(rule.Id),
        GroupId = NetworkDocs.Id(rule.SecurityGroupId),
        RemoteGroupId = rule.RemoteGroupId is { } r ? NetworkDocs.Id(r) : null,
        rule.RuleKey,
        Doc = NetworkDocs.Write(rule),
    }).ConfigureAwait(false) == 1;

    public async Task<Guid?> FindRuleAsync(Guid groupId, string ruleKey) =>
        await connection.QuerySingleOrDefaultAsync<string>(Command("SELECT id FROM security_group_rules WHERE security_group_id = @GroupId AND rule_key = @RuleKey",
            new { GroupId = NetworkDocs.Id(groupId), RuleKey = ruleKey })).ConfigureAwait(false) is { } id ? Guid.Parse(id) : null;

    public Task<int> DeleteRuleAsync(Guid id) => ExecuteAsync("DELETE FROM security_group_rules WHERE id = @Id", new { Id = NetworkDocs.Id(id) });
}
