using Kumo.Network.Db;
using Kumo.Network.Errors;
using Kumo.Network.Model;
using Kumo.Objects.Context;

namespace Kumo.Network.Plugin;

public sealed partial class NetworkPlugin
{
    public async Task<SecurityGroupRecord> GetSecurityGroupAsync(RequestContext context, Guid id, CancellationToken cancellationToken = default)
    {
        var group = await store.ReadAsync(s => s.GetSecurityGroupAsync(id), cancellationToken);
        return group is not null && NetworkPolicy.Owns(context, group.ProjectId) ? group : throw new SecurityGroupNotFoundException(id.ToString());
    }

    /// <summary>The caller's groups (every group for the admin); the project's default group is made on this first use, as Neutron does.</summary>
    public async Task<IReadOnlyList<SecurityGroupRecord>> ListSecurityGroupsAsync(RequestContext context, CancellationToken cancellationToken = default)
    {
        await EnsureDefaultSecurityGroupAsync(context.ProjectId, cancellationToken);
        return await store.ReadAsync(s => s.ListSecurityGroupsAsync(context.IsAdmin ? null : context.ProjectId), cancellationToken);
    }

    public Task<IReadOnlyList<SecurityGroupRuleRecord>> RulesOfGroupsAsync(IReadOnlyCollection<Guid> groupIds, CancellationToken cancellationToken = default) =>
        store.ReadAsync(s => s.ListRulesAsync(groupIds), cancellationToken);

    public async Task<Guid> EnsureDefaultSecurityGroupAsync(string projectId, CancellationToken cancellationToken = default) =>
        await store.ReadAsync(s => s.DefaultSecurityGroupIdAsync(projectId), cancellationToken)
            ?? await store.WriteAsync(s => EnsureDefaultSecurityGroupAsync(s, projectId), cancellationToken);

    /// <summary>
    /// The project's default group, made if missing: egress anywhere (IPv4 and IPv6) and ingress from
    /// the group's own members. default_security_groups' key keeps it one per project under concurrency.
    /// </summary>
    private async Task<Guid> EnsureDefaultSecurityGroupAsync(NetworkSession s, string projectId)
    {
        if (await s.DefaultSecurityGroupIdAsync(projectId) is { } existing)
        {
            return existing;
        }
        var now = Now;
        var group = new SecurityGroupRecord
        {
            Id = Guid.NewGuid(),
            ProjectId = projectId,
            Name = SecurityGroupRecord.DefaultName,
            Description = "Default security group",
            RevisionNumber = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!await s.TryInsertDefaultSecurityGroupAsync(projectId, group.Id))
        {
            return (await s.DefaultSecurityGroupIdAsync(projectId))!.Value;
        }
        await s.InsertSecurityGroupAsync(group);
        foreach (var ethertype in new[] { "IPv4", "IPv6" })
        {
            await s.TryInsertRuleAsync(NewRule(group, "egress", ethertype, remoteGroup: null));
            await s.TryInsertRuleAsync(NewRule(group, "ingress", ethertype, remoteGroup: group.Id));
        }
        return group.Id;
    }

    private SecurityGroupRuleRecord NewRule(SecurityGroupRecord group, string direction, string ethertype, Guid? remoteGroup) => new()
    {
        Id = Guid.NewGuid(),
        SecurityGroupId = group.Id,
        ProjectId = group.ProjectId,
        Direction = direction,
        Ethertype = ethertype,
        RemoteGroupId = remoteGroup,
        RevisionNumber = 0,
        CreatedAt = group.CreatedAt,
        UpdatedAt = group.CreatedAt,
    };

    public async Task<SecurityGroupRecord> CreateSecurityGroupAsync(RequestContext context, SecurityGroupAttributes request, CancellationToken cancellationToken = default)
    {
        var project = NetworkPolicy.OwnerFor(context, request.ProjectId, "create_security_group");
        if (request.Name.Or("") == SecurityGroupRecord.DefaultName)
        {
            throw new SecurityGroupDefaultAlreadyExistsException();
        }
        var now = Now;
        var group = new SecurityGroupRecord
        {
            Id = Guid.NewGuid(),
            ProjectId = project,
            Name = request.Name.Or(""),
            Description = request.Description.Or(""),
            Stateful = request.Stateful.Or(true),
            RevisionNumber = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.WriteAsync(async s =>
        {
            await EnsureDefaultSecurityGroupAsync(s, project);
            await s.InsertSecurityGroupAsync(group);
            // Neutron gives every new group the two egress rules.
            foreach (var ethertype in new[] { "IPv4", "IPv6" })
            {
                await s.TryInsertRuleAsync(NewRule(group, "egress", ethertype, remoteGroup: null));
            }
            return true;
        }, cancellationToken);
        return group;
    }

    public Task<SecurityGroupRecord> UpdateSecurityGroupAsync(RequestContext context, Guid id, SecurityGroupAttributes request, CancellationToken cancellationToken = default) =>
        store.WriteAsync(async s =>
        {
            var group = await OwnedGroupAsync(s, context, id, "update_security_group");
            if (group.Name == SecurityGroupRecord.DefaultName && request.Name.IsGiven && request.Name.Value != group.Name)
            {
                throw new SecurityGroupCannotUpdateDefaultException();
            }
            if (group.Name != SecurityGroupRecord.DefaultName && request.Name.Or("") == SecurityGroupRecord.DefaultName)
            {
                throw new SecurityGroupDefaultAlreadyExistsException();
            }
            var changed = group with
            {
                Name = request.Name.Or(group.Name),
                Description = request.Description.Or(group.Description),
                Stateful = request.Stateful.Or(group.Stateful),
                RevisionNumber = group.RevisionNumber + 1,
                UpdatedAt = Now,
            };
            await s.UpdateSecurityGroupAsync(changed);
            return changed;
        }, cancellationToken);

    /// <summary>Deletes a group and its rules; refused while a port uses it, and for the default group unless admin.</summary>
    public Task DeleteSecurityGroupAsync(RequestContext context, Guid id, CancellationToken cancellationToken = default) =>
        store.WriteAsync(async s =>
        {
            var group = await OwnedGroupAsync(s, context, id, "delete_security_group");
            var isDefault = await s.DefaultSecurityGroupIdAsync(group.ProjectId) == id;
            if (isDefault && !context.IsAdmin)
            {
                throw new SecurityGroupCannotRemoveDefaultException();
            }
            if ((await s.PortsInGroupsAsync([id])).Count > 0)
            {
                throw new SecurityGroupInUseException(id);
            }
            await s.DeleteSecurityGroupAsync(id);
            if (isDefault)
            {
                await s.DeleteDefaultSecurityGroupAsync(group.ProjectId);
            }
            return true;
        }, cancellationToken);

    private static async Task<SecurityGroupRecord> OwnedGroupAsync(NetworkSession s, RequestContext context, Guid id, string action)
    {
        var group = await s.GetSecurityGroupAsync(id);
        if (group is null || !NetworkPolicy.Owns(context, group.ProjectId))
        {
            throw new SecurityGroupNotFoundException(id.ToString());
        }
        NetworkPolicy.EnsureCanWrite(context, action);
        return group;
    }
}
