using Kumo.Network.Errors;
using Kumo.Network.Model;
using Kumo.Objects.Context;

namespace Kumo.Network.Plugin;

public sealed partial class NetworkPlugin
{
    public async Task<SecurityGroupRuleRecord> GetRuleAsync(RequestContext context, Guid id, CancellationToken cancellationToken = default)
    {
        var rule = await store.ReadAsync(s => s.GetRuleAsync(id), cancellationToken);
        return rule is not null && NetworkPolicy.Owns(context, rule.ProjectId) ? rule : throw new SecurityGroupRuleNotFoundException(id);
    }

    public async Task<IReadOnlyList<SecurityGroupRuleRecord>> ListRulesAsync(RequestContext context, CancellationToken cancellationToken = default)
    {
        await EnsureDefaultSecurityGroupAsync(context.ProjectId, cancellationToken);
        return [.. (await store.ReadAsync(s => s.ListRulesAsync(), cancellationToken)).Where(r => NetworkPolicy.Owns(context, r.ProjectId))];
    }

    /// <summary>Creates rules in one transaction; a rule equal to an existing one (id and description aside) is a 409 naming it.</summary>
    public async Task<IReadOnlyList<SecurityGroupRuleRecord>> CreateRulesAsync(RequestContext context, IReadOnlyList<SecurityGroupRuleAttributes> requests, CancellationToken cancellationToken = default)
    {
        var rules = await store.WriteAsync<IReadOnlyList<SecurityGroupRuleRecord>>(async s =>
        {
            var created = new List<SecurityGroupRuleRecord>();
            foreach (var request in requests)
            {
                var group = await s.GetSecurityGroupAsync(request.SecurityGroupId);
                if (group is null || !NetworkPolicy.Owns(context, group.ProjectId))
                {
                    throw new SecurityGroupNotFoundException(request.SecurityGroupId.ToString());
                }
                NetworkPolicy.OwnerFor(context, request.ProjectId, "create_security_group_rule");
                if (request.RemoteGroupId is { } remote && (await s.GetSecurityGroupAsync(remote) is not { } remoteGroup || !NetworkPolicy.Owns(context, remoteGroup.ProjectId)))
                {
                    throw new SecurityGroupNotFoundException(remote.ToString());
                }
                var rule = NewRule(group, request);
                if (!await s.TryInsertRuleAsync(rule))
                {
                    throw new SecurityGroupRuleExistsException((await s.FindRuleAsync(group.Id, rule.RuleKey))!.Value);
                }
                created.Add(rule);
            }
            return created;
        }, cancellationToken);
        await NotifyRulesChangedAsync(context, [.. rules.Select(r => r.SecurityGroupId).Distinct()], cancellationToken);
        return rules;
    }

    private SecurityGroupRuleRecord NewRule(SecurityGroupRecord group, SecurityGroupRuleAttributes request)
    {
        var direction = SecurityGroupRules.Direction(request.Direction);
        var ethertype = SecurityGroupRules.Ethertype(request.Ethertype);
        var protocol = SecurityGroupRules.Protocol(request.Protocol);
        SecurityGroupRules.CheckPortRange(protocol, request.PortRangeMin, request.PortRangeMax);
        if (request.RemoteIpPrefix is not null && request.RemoteGroupId is not null)
        {
            throw new SecurityGroupRemoteGroupAndRemoteIpPrefixException();
        }
        var now = Now;
        return new SecurityGroupRuleRecord
        {
            Id = Guid.NewGuid(),
            SecurityGroupId = group.Id,
            ProjectId = group.ProjectId,
            Direction = direction,
            Ethertype = ethertype,
            Protocol = protocol,
            PortRangeMin = request.PortRangeMin,
            PortRangeMax = request.PortRangeMax,
            RemoteIpPrefix = SecurityGroupRules.RemoteIpPrefix(request.RemoteIpPrefix, ethertype),
            RemoteGroupId = request.RemoteGroupId,
            Description = request.Description,
            RevisionNumber = 0,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public async Task DeleteRuleAsync(RequestContext context, Guid id, CancellationToken cancellationToken = default)
    {
        var rule = await store.WriteAsync(async s =>
        {
            var rule = await s.GetRuleAsync(id);
            if (rule is null || !NetworkPolicy.Owns(context, rule.ProjectId))
            {
                throw new SecurityGroupRuleNotFoundException(id);
            }
            NetworkPolicy.EnsureCanWrite(context, "delete_security_group_rule");
            await s.DeleteRuleAsync(id);
            return rule;
        }, cancellationToken);
        await NotifyRulesChangedAsync(context, [rule.SecurityGroupId], cancellationToken);
    }

    /// <summary>security_groups_rule_updated to every host with a bound port in the groups.</summary>
    private async Task NotifyRulesChangedAsync(RequestContext context, IReadOnlyList<Guid> groupIds, CancellationToken cancellationToken)
    {
        var hosts = await store.ReadAsync(s => s.HostsOfGroupsAsync(groupIds), cancellationToken);
        await agents.SecurityGroupsRuleUpdatedAsync(context, hosts, groupIds, cancellationToken);
    }
}
