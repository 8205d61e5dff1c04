using Kumo.Network.Db;
using Kumo.Network.Errors;
using Kumo.Network.Ipam;
using Kumo.Network.Model;
using Kumo.Objects.Context;

namespace Kumo.Network.Plugin;

public sealed partial class NetworkPlugin
{
    private const int MacAttempts = 16;

    public async Task<PortRecord> GetPortAsync(RequestContext context, Guid id, CancellationToken cancellationToken = default)
    {
        var port = await store.ReadAsync(s => s.GetPortAsync(id), cancellationToken);
        return port is not null && NetworkPolicy.Owns(context, port.ProjectId) ? port : throw new PortNotFoundException(id);
    }

    public Task<IReadOnlyList<PortRecord>> ListPortsAsync(RequestContext context, Guid? networkId = null, string? deviceId = null, CancellationToken cancellationToken = default) =>
        store.ReadAsync(s => s.ListPortsAsync(context.IsAdmin ? null : context.ProjectId, networkId, deviceId), cancellationToken);

    /// <summary>Creates the ports in one transaction: all of them with their addresses, or none.</summary>
    public async Task<IReadOnlyList<PortRecord>> CreatePortsAsync(RequestContext context, IReadOnlyList<PortAttributes> requests, CancellationToken cancellationToken = default)
    {
        var ports = await store.WriteAsync<IReadOnlyList<PortRecord>>(async s =>
        {
            var created = new List<PortRecord>();
            foreach (var request in requests)
            {
                created.Add(await InsertPortAsync(s, context, request));
            }
            return created;
        }, cancellationToken);
        await NotifyPortChangesAsync(context, [.. ports.Select(p => new PortChange(null, p))], cancellationToken);
        return ports;
    }

    private async Task<PortRecord> InsertPortAsync(NetworkSession s, RequestContext context, PortAttributes request)
    {
        var project = NetworkPolicy.OwnerFor(context, request.ProjectId, "create_port");
        var network = await NetworkOfRequestAsync(s, context, request.NetworkId);
        if (request.BindingHostId.IsGiven && request.BindingHostId.Value.Length > 0 && !context.IsAdmin)
        {
            throw new PolicyNotAuthorizedException("create_port:binding:host_id");
        }
        var now = Now;
        var port = new PortRecord
        {
            Id = Guid.NewGuid(),
            NetworkId = network.Id,
            ProjectId = project,
            Name = request.Name.Or(""),
            Description = request.Description.Or(""),
            MacAddress = request.MacAddress.IsGiven ? MacAddresses.Normalise(request.MacAddress.Value) : MacAddresses.Generate(),
            AdminStateUp = request.AdminStateUp.Or(true),
            DeviceId = request.DeviceId.Or(""),
            DeviceOwner = request.DeviceOwner.Or(""),
            BindingHostId = request.BindingHostId.Or(""),
            PortSecurityEnabled = request.PortSecurityEnabled.Or(true),
            DnsName = request.DnsName.Or(null),
            RevisionNumber = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var groups = await PortSecurityGroupsAsync(s, context, port, request.SecurityGroups);
        port = port with
        {
            SecurityGroupIds = groups,
            AllowedAddressPairs = ValidatePairs(port, request.AllowedAddressPairs.Or([])),
            FixedIps = await IpamAllocator.AllocateAsync(s, network, await s.ListSubnetsAsync(network.Id), port.Id,
                request.FixedIps.IsGiven ? request.FixedIps.Value : null),
        };
        for (var attempt = 1; !await s.TryInsertPortAsync(port); attempt++)
        {
            if (request.MacAddress.IsGiven || attempt == MacAttempts)
            {
                throw new MacAddressInUseException(network.Id, port.MacAddress);
            }
            port = port with { MacAddress = MacAddresses.Generate() };
        }
        await s.SetPortSecurityGroupsAsync(port.Id, port.SecurityGroupIds);
        return port;
    }

    /// <summary>The groups a port gets: those asked for (the port's project's), else the project's default; none for network-owned ports or without port security.</summary>
    private async Task<IReadOnlyList<Guid>> PortSecurityGroupsAsync(NetworkSession s, RequestContext context, PortRecord port, Given<IReadOnlyList<Guid>> asked)
    {
        if (!asked.IsGiven)
        {
            return port.PortSecurityEnabled && !port.DeviceOwner.StartsWith("network:", StringComparison.Ordinal)
                ? [await EnsureDefaultSecurityGroupAsync(s, port.ProjectId)]
                : [];
        }
        if (asked.Value.Count > 0 && !port.PortSecurityEnabled)
        {
            throw new PortSecurityAndIPRequiredForSecurityGroupsException();
        }
        foreach (var id in asked.Value)
        {
            var group = await s.GetSecurityGroupAsync(id);
            if (group is null || group.ProjectId != port.ProjectId && !context.IsAdmin)
            {
                throw new SecurityGroupNotFoundException(id.ToString());
            }
        }
        return [.. asked.Value.Distinct()];
    }

    private static IReadOnlyList<PortAddressPair> ValidatePairs(PortRecord port, IReadOnlyList<PortAddressPair> pairs)
    {
        if (pairs.Count > 0 && !port.PortSecurityEnabled)
        {
            throw new AddressPairAndPortSecurityRequiredException();
        }
        return [.. pairs.Select(pair =>
        {
            var ip = IpNumber.TryParse(pair.IpAddress)?.ToString()
                ?? SubnetCidr.TryParse(pair.IpAddress, out _)?.ToString()
                ?? throw InvalidInputException.For("allowed_address_pairs", $"'{pair.IpAddress}' is not a valid IP address or CIDR");
            return new PortAddressPair(ip, pair.MacAddress.Length == 0 ? port.MacAddress : MacAddresses.Normalise(pair.MacAddress));
        })];
    }

    public async Task<PortRecord> UpdatePortAsync(RequestContext context, Guid id, PortAttributes request, CancellationToken cancellationToken = default)
    {
        var (before, after) = await store.WriteAsync(async s =>
        {
            var port = await s.GetPortAsync(id);
            if (port is null || !NetworkPolicy.Owns(context, port.ProjectId))
            {
                throw new PortNotFoundException(id);
            }
            NetworkPolicy.EnsureCanWrite(context, "update_port");
            return (port, await ChangePortAsync(s, context, port, request));
        }, cancellationToken);
        await NotifyPortChangesAsync(context, [new PortChange(before, after)], cancellationToken);
        return after;
    }

    private async Task<PortRecord> ChangePortAsync(NetworkSession s, RequestContext context, PortRecord port, PortAttributes request)
    {
        if (request.BindingHostId.IsGiven && request.BindingHostId.Value != port.BindingHostId && !context.IsAdmin)
        {
            throw new PolicyNotAuthorizedException("update_port:binding:host_id");
        }
        if (request.MacAddress.IsGiven && MacAddresses.Normalise(request.MacAddress.Value) != port.MacAddress)
        {
            throw InvalidInputException.For("mac_address", "the MAC address of a port cannot be changed");
        }
        var changed = port with
        {
            Name = request.Name.Or(port.Name),
            Description = request.Description.Or(port.Description),
            AdminStateUp = request.AdminStateUp.Or(port.AdminStateUp),
            DeviceId = request.DeviceId.Or(port.DeviceId),
            DeviceOwner = request.DeviceOwner.Or(port.DeviceOwner),
            BindingHostId = request.BindingHostId.Or(port.BindingHostId),
            PortSecurityEnabled = request.PortSecurityEnabled.Or(port.PortSecurityEnabled),
            DnsName = request.DnsName.Or(port.DnsName),
            PreserveOnDelete = request.PreserveOnDelete.Or(port.PreserveOnDelete),
            RevisionNumber = port.RevisionNumber + 1,
            UpdatedAt = Now,
        };
        if (request.SecurityGroups.IsGiven)
        {
            changed = changed with { SecurityGroupIds = await PortSecurityGroupsAsync(s, context, changed, request.SecurityGroups) };
        }
        else if (!changed.PortSecurityEnabled && changed.SecurityGroupIds.Count > 0)
        {
            throw new PortSecurityPortHasSecurityGroupException();
        }
        changed = changed with { AllowedAddressPairs = ValidatePairs(changed, request.AllowedAddressPairs.Or(port.AllowedAddressPairs)) };
        if (request.FixedIps.IsGiven)
        {
            foreach (var ip in port.FixedIps)
            {
                await s.ReleaseAsync(port.Id, ip.SubnetId, ip.IpAddress);
            }
            var network = await s.GetNetworkAsync(port.NetworkId) ?? throw new NetworkNotFoundException(port.NetworkId);
            changed = changed with { FixedIps = await IpamAllocator.AllocateAsync(s, network, await s.ListSubnetsAsync(network.Id), port.Id, request.FixedIps.Value) };
        }
        await s.UpdatePortAsync(changed);
        await s.SetPortSecurityGroupsAsync(changed.Id, changed.SecurityGroupIds);
        return changed;
    }

    public async Task DeletePortAsync(RequestContext context, Guid id, CancellationToken cancellationToken = default)
    {
        var port = await store.WriteAsync(async s =>
        {
            var port = await s.GetPortAsync(id);
            if (port is null || !NetworkPolicy.Owns(context, port.ProjectId))
            {
                throw new PortNotFoundException(id);
            }
            NetworkPolicy.EnsureCanWrite(context, "delete_port");
            await s.DeletePortAsync(id);
            return port;
        }, cancellationToken);
        await NotifyPortChangesAsync(context, [new PortChange(port, null)], cancellationToken);
    }

    /// <summary>The agent's report (update_device_up/down): the port's new status, and whether it changed; null for an unknown port.</summary>
    public async Task<(PortRecord Port, bool Changed)?> SetPortStatusAsync(Guid id, string status, CancellationToken cancellationToken = default) =>
        await store.WriteAsync<(PortRecord, bool)?>(async s =>
        {
            var port = await s.GetPortAsync(id);
            if (port is null)
            {
                return null;
            }
            if (port.Status == status)
            {
                return (port, false);
            }
            var changed = port with { Status = status, RevisionNumber = port.RevisionNumber + 1, UpdatedAt = Now };
            await s.UpdatePortAsync(changed);
            return (changed, true);
        }, cancellationToken);
}
