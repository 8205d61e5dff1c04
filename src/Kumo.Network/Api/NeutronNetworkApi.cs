using Kumo.Network.Errors;
using Kumo.Network.Ipam;
using Kumo.Network.Model;
using Kumo.Network.Plugin;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;

namespace Kumo.Network.Api;

/// <summary>
/// Compute's view of the network server (nova/network/neutron.py, in-process): checks a server's
/// request, creates its ports bound to its host with its groups, and removes them. Ports are made as
/// the admin (binding:host_id is admin-only) on behalf of the server's project.
/// </summary>
public sealed partial class NeutronNetworkApi(NetworkPlugin plugin) : INetworkApi
{
    public async Task ValidateNetworksAsync(RequestContext context, IReadOnlyList<RequestedNetwork> requested, CancellationToken cancellationToken = default)
    {
        foreach (var entry in requested)
        {
            if (entry.IsAuto)
            {
                await AutoNetworkAsync(context, entry.Implicit, cancellationToken);
            }
            else if (entry.PortId is { } portId)
            {
                var port = await FindPortAsync(context, portId, cancellationToken) ?? throw new RequestedPortNotFoundException(portId);
                if (port.DeviceId.Length > 0)
                {
                    throw new RequestedPortInUseException(portId);
                }
            }
            else if (entry.NetworkId is { } networkId)
            {
                await ValidateNetworkAsync(context, networkId, entry.FixedIp, cancellationToken);
            }
            else
            {
                throw new ArgumentException("A requested network names a network, a port, or is auto.", nameof(requested));
            }
        }
    }

    private async Task ValidateNetworkAsync(RequestContext context, Guid networkId, string? fixedIp, CancellationToken cancellationToken)
    {
        try
        {
            await plugin.GetNetworkAsync(context, networkId, cancellationToken);
        }
        catch (NetworkNotFoundException)
        {
            throw new RequestedNetworkNotFoundException(networkId);
        }
        if (fixedIp is null)
        {
            return;
        }
        var address = IpNumber.TryParse(fixedIp) ?? throw new FixedIpInvalidException(fixedIp, networkId);
        var (subnets, ports) = await plugin.Store.ReadAsync(async s => (await s.ListSubnetsAsync(networkId), await s.ListPortsAsync(networkId: networkId)), cancellationToken);
        if (!subnets.Any(x => SubnetCidr.TryParse(x.Cidr, out _)!.Contains(address)))
        {
            throw new FixedIpInvalidException(fixedIp, networkId);
        }
        if (ports.FirstOrDefault(p => p.FixedIps.Any(ip => ip.IpAddress == address.ToString())) is { } holder)
        {
            throw new FixedIpAlreadyInUseException(fixedIp, holder.DeviceId);
        }
    }

    public async Task ValidateSecurityGroupsAsync(RequestContext context, IReadOnlyList<string> securityGroups, CancellationToken cancellationToken = default) =>
        _ = await ResolveGroupsAsync(context.ProjectId, securityGroups, cancellationToken);

    // The groups the API validated and stored with the server (Nova's instance.security_groups).
    public Task<NetworkInfo> AllocateForInstanceAsync(RequestContext context, Instance instance, IReadOnlyList<RequestedNetwork> requested, CancellationToken cancellationToken = default) =>
        AllocateForInstanceAsync(context, instance, requested, [.. instance.SecurityGroups], cancellationToken);

    public async Task<IReadOnlyList<SecurityGroupInfo>> ListSecurityGroupsAsync(RequestContext context, CancellationToken cancellationToken = default)
    {
        var groups = await plugin.ListSecurityGroupsAsync(context, cancellationToken);
        var rules = (await plugin.ListRulesAsync(context, cancellationToken)).ToLookup(r => r.SecurityGroupId);
        return [.. groups.Select(g => new SecurityGroupInfo(g.Id, g.Name, g.Description, g.ProjectId,
            [.. rules[g.Id].Select(r => new SecurityGroupRuleInfo(r.Id, r.SecurityGroupId, r.Direction, r.Ethertype, r.Protocol,
                r.PortRangeMin, r.PortRangeMax, r.RemoteIpPrefix, r.RemoteGroupId))]))];
    }

    public async Task<NetworkInfo> AllocateForInstanceAsync(RequestContext context, Instance instance, IReadOnlyList<RequestedNetwork> requested,
        IReadOnlyList<string> securityGroups, CancellationToken cancellationToken = default)
    {
        var owner = context with { ProjectId = instance.ProjectId };
        if (requested is [{ Implicit: true }] && await AutoNetworkAsync(owner, implicitRequest: true, cancellationToken) is null)
        {
            requested = [];
        }
        if (requested.Count == 0)
        {
            return NetworkInfo.Empty;
        }
        var groups = await ResolveGroupsAsync(instance.ProjectId, securityGroups, cancellationToken);
        var admin = Elevated(context);
        var made = new List<PortRecord>();
        try
        {
            foreach (var entry in requested)
            {
                made.Add(await AllocateOneAsync(owner, admin, instance, entry, groups, cancellationToken));
            }
        }
        catch
        {
            await DeallocatePortsAsync(admin, made, CancellationToken.None);
            throw;
        }
        return await NetworkInfoOfAsync(made, cancellationToken);
    }

    private async Task<PortRecord> AllocateOneAsync(RequestContext owner, RequestContext admin, Instance instance, RequestedNetwork entry,
        IReadOnlyList<Guid>? groups, CancellationToken cancellationToken)
    {
        var binding = new PortAttributes
        {
            DeviceId = Given<string>.Of(instance.Uuid.ToString("D")),
            DeviceOwner = Given<string>.Of(PortRecord.OwnerComputePrefix + (instance.AvailabilityZone ?? "nova")),
            BindingHostId = Given<string>.Of(instance.Host ?? ""),
            DnsName = Given<string?>.Of(instance.Hostname),
        };
        if (entry.PortId is { } portId)
        {
            var port = await FindPortAsync(owner, portId, cancellationToken) ?? throw new RequestedPortNotFoundException(portId);
            if (port.DeviceId.Length > 0 && port.DeviceId != instance.Uuid.ToString("D"))
            {
                throw new RequestedPortInUseException(portId);
            }
            return await plugin.UpdatePortAsync(admin, portId, binding with { PreserveOnDelete = Given<bool>.Of(true) }, cancellationToken);
        }
        var networkId = entry.IsAuto ? (await AutoNetworkAsync(owner, implicitRequest: false, cancellationToken))!.Id : entry.NetworkId!.Value;
        var create = binding with
        {
            NetworkId = Given<Guid>.Of(networkId),
            ProjectId = Given<string>.Of(instance.ProjectId),
            FixedIps = entry.FixedIp is { } ip ? Given<IReadOnlyList<FixedIpRequest>>.Of([new FixedIpRequest(null, ip)]) : default,
            SecurityGroups = groups is null ? default : Given<IReadOnlyList<Guid>>.Of(groups),
        };
        try
        {
            return (await plugin.CreatePortsAsync(admin, [create], cancellationToken))[0];
        }
        catch (NetworkNotFoundException)
        {
            throw new RequestedNetworkNotFoundException(networkId);
        }
        catch (IpAddressGenerationFailureException)
        {
            throw new NoMoreFixedIpsException(networkId);
        }
    }

    public async Task DeallocateForInstanceAsync(RequestContext context, Instance instance, CancellationToken cancellationToken = default)
    {
        var admin = Elevated(context);
        var ports = await plugin.ListPortsAsync(admin, deviceId: instance.Uuid.ToString("D"), cancellationToken: cancellationToken);
        await DeallocatePortsAsync(admin, ports, cancellationToken);
    }

    /// <summary>Deletes the ports made for the server; the ones the user handed over are unbound and kept.</summary>
    private async Task DeallocatePortsAsync(RequestContext admin, IReadOnlyList<PortRecord> ports, CancellationToken cancellationToken)
    {
        foreach (var port in ports)
        {
            try
            {
                if (port.PreserveOnDelete)
                {
                    await plugin.UpdatePortAsync(admin, port.Id, new PortAttributes
                    {
                        DeviceId = Given<string>.Of(""),
                        DeviceOwner = Given<string>.Of(""),
                        BindingHostId = Given<string>.Of(""),
                        DnsName = Given<string?>.Of(null),
                        PreserveOnDelete = Given<bool>.Of(false),
                    }, cancellationToken);
                }
                else
                {
                    await plugin.DeletePortAsync(admin, port.Id, cancellationToken);
                }
            }
            catch (PortNotFoundException)
            {
                // Deleted meanwhile: what deallocation wants.
            }
        }
    }

    public async Task<NetworkInfo> GetInstanceNetworkInfoAsync(Instance instance, CancellationToken cancellationToken = default)
    {
        var ports = await plugin.ListPortsAsync(RequestContext.Admin(), deviceId: instance.Uuid.ToString("D"), cancellationToken: cancellationToken);
        return await NetworkInfoOfAsync([.. ports.OrderBy(p => p.CreatedAt)], cancellationToken);
    }

    private static RequestContext Elevated(RequestContext context) =>
        context with { IsAdmin = true, Roles = [.. context.Roles.Union(["admin", "member", "reader"])] };

    private async Task<PortRecord?> FindPortAsync(RequestContext context, Guid portId, CancellationToken cancellationToken)
    {
        try
        {
            return await plugin.GetPortAsync(context, portId, cancellationToken);
        }
        catch (PortNotFoundException)
        {
            return null;
        }
    }
}
