using Dapper;
using Kumo.Network.Model;

namespace Kumo.Network.Db;

public sealed partial class NetworkSession
{
    public Task<PortRecord?> GetPortAsync(Guid id) =>
        OneAsync<PortRecord>("SELECT doc_json FROM ports WHERE id = @Id", new { Id = NetworkDocs.Id(id) });

    /// <summary>Ports narrowed by the indexed columns given (null: any).</summary>
    public Task<IReadOnlyList<PortRecord>> ListPortsAsync(string? projectId = null, Guid? networkId = null, string? deviceId = null, string? hostId = null) =>
        ManyAsync<PortRecord>("""
            SELECT doc_json FROM ports
            WHERE (@ProjectId IS NULL OR project_id = @ProjectId) AND (@NetworkId IS NULL OR network_id = @NetworkId)
              AND (@DeviceId IS NULL OR device_id = @DeviceId) AND (@HostId IS NULL OR binding_host_id = @HostId)
            ORDER BY id
            """, new { ProjectId = projectId, NetworkId = networkId is { } n ? NetworkDocs.Id(n) : null, DeviceId = deviceId, HostId = hostId });

    public Task<IReadOnlyList<PortRecord>> ListPortsByIdAsync(IReadOnlyCollection<Guid> ids) => ids.Count == 0
        ? Task.FromResult<IReadOnlyList<PortRecord>>([])
        : ManyAsync<PortRecord>("SELECT doc_json FROM ports WHERE id IN @Ids ORDER BY id", new { Ids = ids.Select(NetworkDocs.Id).ToArray() });

    /// <summary>False when the network already has a port with this MAC (nothing written).</summary>
    public async Task<bool> TryInsertPortAsync(PortRecord port) => await ExecuteAsync("""
        INSERT INTO ports (id, network_id, project_id, mac_address, device_id, device_owner, binding_host_id, doc_json)
        VALUES (@Id, @NetworkId, @ProjectId, @MacAddress, @DeviceId, @DeviceOwner, @BindingHostId, @Doc)
        ON CONFLICT (network_id, mac_address) DO NOTHING
        """, PortParameters(port)).ConfigureAwait(false) == 1;

    public Task<int> UpdatePortAsync(PortRecord port) => ExecuteAsync("""
        UPDATE ports SET mac_address = @MacAddress, device_id = @DeviceId, device_owner = @DeviceOwner,
            binding_host_id = @BindingHostId, doc_json = @Doc
        WHERE id = @Id
        """, PortParameters(port));

    public async Task<int> DeletePortAsync(Guid id)
    {
        await ExecuteAsync("DELETE FROM ipam_allocations WHERE port_id = @Id", new { Id = NetworkDocs.Id(id) }).ConfigureAwait(false);
        await ExecuteAsync("DELETE FROM port_security_group_bindings WHERE port_id = @Id", new { Id = NetworkDocs.Id(id) }).ConfigureAwait(false);
        return await ExecuteAsync("DELETE FROM ports WHERE id = @Id", new { Id = NetworkDocs.Id(id) }).ConfigureAwait(false);
    }

    public Task<int> CountPortsAsync(Guid networkId) => connection.ExecuteScalarAsync<int>(Command(
        "SELECT COUNT(*) FROM ports WHERE network_id = @NetworkId", new { NetworkId = NetworkDocs.Id(networkId) }));

    /// <summary>The addresses taken on a subnet (canonical text).</summary>
    public async Task<IReadOnlySet<string>> UsedAddressesAsync(Guid subnetId) =>
        (await connection.QueryAsync<string>(Command("SELECT ip_address FROM ipam_allocations WHERE subnet_id = @SubnetId",
            new { SubnetId = NetworkDocs.Id(subnetId) })).ConfigureAwait(false)).ToHashSet();

    public Task<int> CountAllocationsAsync(Guid subnetId) => connection.ExecuteScalarAsync<int>(Command(
        "SELECT COUNT(*) FROM ipam_allocations WHERE subnet_id = @SubnetId", new { SubnetId = NetworkDocs.Id(subnetId) }));

    /// <summary>Takes an address for a port; false when another port holds it (nothing written).</summary>
    public async Task<bool> TryAllocateAsync(Guid subnetId, string ipAddress, Guid networkId, Guid portId) => await ExecuteAsync("""
        INSERT INTO ipam_allocations (subnet_id, ip_address, network_id, port_id) VALUES (@SubnetId, @IpAddress, @NetworkId, @PortId)
        ON CONFLICT (subnet_id, ip_address) DO NOTHING
        """, new { SubnetId = NetworkDocs.Id(subnetId), IpAddress = ipAddress, NetworkId = NetworkDocs.Id(networkId), PortId = NetworkDocs.Id(portId) })
        .ConfigureAwait(false) == 1;

    public Task<int> ReleaseAsync(Guid portId, Guid subnetId, string ipAddress) => ExecuteAsync(
        "DELETE FROM ipam_allocations WHERE port_id = @PortId AND subnet_id = @SubnetId AND ip_address = @IpAddress",
        new { PortId = NetworkDocs.Id(portId), SubnetId = NetworkDocs.Id(subnetId), IpAddress = ipAddress });

    public async Task SetPortSecurityGroupsAsync(Guid portId, IReadOnlyList<Guid> groupIds)
    {
        await ExecuteAsync("DELETE FROM port_security_group_bindings WHERE port_id = @Id", new { Id = NetworkDocs.Id(portId) }).ConfigureAwait(false);
        foreach (var group in groupIds.Distinct())
        {
            await ExecuteAsync("INSERT INTO port_security_group_bindings (port_id, security_group_id) VALUES (@PortId, @GroupId)",
                new { PortId = NetworkDocs.Id(portId), GroupId = NetworkDocs.Id(group) }).ConfigureAwait(false);
        }
    }

    /// <summary>The ids of the ports in any of these groups.</summary>
    public async Task<IReadOnlyList<Guid>> PortsInGroupsAsync(IReadOnlyCollection<Guid> groupIds) => groupIds.Count == 0 ? [] :
        [.. (await connection.QueryAsync<string>(Command("SELECT DISTINCT port_id FROM port_security_group_bindings WHERE security_group_id IN @Ids",
            new { Ids = groupIds.Select(NetworkDocs.Id).ToArray() })).ConfigureAwait(false)).Select(Guid.Parse)];

    /// <summary>The hosts ports of the network are bound to (its DHCP ports' hosts among them).</summary>
    public async Task<IReadOnlyList<string>> HostsOfNetworkAsync(Guid networkId) =>
        [.. await connection.QueryAsync<string>(Command("SELECT DISTINCT binding_host_id FROM ports WHERE network_id = @NetworkId AND binding_host_id <> ''",
            new { NetworkId = NetworkDocs.Id(networkId) })).ConfigureAwait(false)];

    /// <summary>The hosts ports in any of these groups are bound to.</summary>
    public async Task<IReadOnlyList<string>> HostsOfGroupsAsync(IReadOnlyCollection<Guid> groupIds) => groupIds.Count == 0 ? [] :
        [.. await connection.QueryAsync<string>(Command("""
            SELECT DISTINCT p.binding_host_id FROM ports p JOIN port_security_group_bindings b ON b.port_id = p.id
            WHERE b.security_group_id IN @Ids AND p.binding_host_id <> ''
            """, new { Ids = groupIds.Select(NetworkDocs.Id).ToArray() })).ConfigureAwait(false)];

    private static object PortParameters(PortRecord port) => new
    {
        Id = NetworkDocs.Id(port.Id),
        NetworkId = NetworkDocs.Id(port.NetworkId),
        port.ProjectId,
        port.MacAddress,
        port.DeviceId,
        port.DeviceOwner,
        port.BindingHostId,
        Doc = NetworkDocs.Write(port),
    };
}
