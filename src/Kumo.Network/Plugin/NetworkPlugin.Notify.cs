using Kumo.Network.Model;
using Kumo.Objects.Context;

namespace Kumo.Network.Plugin;

/// <summary>A port before and after a committed change (null: did not exist).</summary>
public sealed record PortChange(PortRecord? Before, PortRecord? After);

public sealed partial class NetworkPlugin
{
    /// <summary>
    /// Tells the agents what a committed port change means for them: the port's own host (port_update,
    /// or port_delete to the host it left), the hosts filtering against its groups as remote group
    /// (security_groups_member_updated) and the hosts serving its network (dhcp_network_changed).
    /// </summary>
    private async Task NotifyPortChangesAsync(RequestContext context, IReadOnlyList<PortChange> changes, CancellationToken cancellationToken)
    {
        foreach (var (before, after) in changes)
        {
            if (after is { IsBound: true })
            {
                await agents.PortUpdateAsync(context, after.BindingHostId, after.Id, cancellationToken);
            }
            if (before is { IsBound: true } && before.BindingHostId != after?.BindingHostId)
            {
                await agents.PortDeleteAsync(context, before.BindingHostId, before.Id, cancellationToken);
            }
        }
        var membership = changes.Where(c => !SameAddresses(c.Before, c.After) || !SameGroups(c.Before, c.After))
            .SelectMany(c => (c.Before?.SecurityGroupIds ?? []).Concat(c.After?.SecurityGroupIds ?? [])).Distinct().ToList();
        if (membership.Count > 0)
        {
            var hosts = await store.ReadAsync(async s => await s.HostsOfGroupsAsync([.. await s.GroupsReferringToAsync(membership)]), cancellationToken);
            await agents.SecurityGroupsMemberUpdatedAsync(context, hosts, membership, cancellationToken);
        }
        foreach (var network in changes.Where(c => !SameAddresses(c.Before, c.After) || c.Before?.BindingHostId != c.After?.BindingHostId)
            .Select(c => (c.After ?? c.Before)!.NetworkId).Distinct())
        {
            var hosts = await store.ReadAsync(s => NetworkHostsAsync(s, network), cancellationToken);
            var left = changes.Select(c => c.Before).Where(p => p is { IsBound: true } && p.NetworkId == network).Select(p => p!.BindingHostId);
            await agents.DhcpNetworkChangedAsync(context, [.. hosts.Union(left)], network, cancellationToken);
        }
    }

    private static bool SameAddresses(PortRecord? a, PortRecord? b) =>
        a is not null && b is not null && a.FixedIps.SequenceEqual(b.FixedIps) && a.MacAddress == b.MacAddress && a.DnsName == b.DnsName;

    private static bool SameGroups(PortRecord? a, PortRecord? b) =>
        a is not null && b is not null && a.SecurityGroupIds.SequenceEqual(b.SecurityGroupIds);
}
