using Kumo.Network.Rpc;

namespace Kumo.Network.Agent.Firewall;

/// <summary>What the firewall needs for one port: the port (MAC, addresses, allowed pairs), the rules of
/// its groups, and the members of every group those rules name as remote group.</summary>
public sealed record PortFilter(
    DeviceDetails Port,
    IReadOnlyList<SecurityGroupRule> Rules,
    IReadOnlyDictionary<Guid, SecurityGroupMembers> Members)
{
    /// <summary>Splits one security_group_info_for_devices answer into each device's filter.</summary>
    public static IReadOnlyList<PortFilter> From(SecurityGroupInfo info) =>
        info.Devices
            .Select(device => new PortFilter(
                device,
                device.SecurityGroupIds.SelectMany(g => info.Rules.TryGetValue(g, out var rules) ? rules : []).ToList(),
                info.Members))
            .ToList();
}
