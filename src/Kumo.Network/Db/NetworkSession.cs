using System.Data.Common;
using Dapper;
using Kumo.Network.Model;

namespace Kumo.Network.Db;

/// <summary>
/// The queries of one read or one write transaction. Inserts that must not duplicate (an address, a
/// MAC, a rule) use ON CONFLICT DO NOTHING and report whether they took, so a collision under
/// concurrency is an answer, not an aborted transaction (the same on SQLite and PostgreSQL).
/// </summary>
public sealed partial class NetworkSession(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
{
    private CommandDefinition Command(string sql, object? parameters = null) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private async Task<T?> OneAsync<T>(string sql, object parameters) where T : class
    {
        var json = await connection.QuerySingleOrDefaultAsync<string>(Command(sql, parameters)).ConfigureAwait(false);
        return json is null ? null : NetworkDocs.Read<T>(json);
    }

    private async Task<IReadOnlyList<T>> ManyAsync<T>(string sql, object? parameters = null)
    {
        var rows = await connection.QueryAsync<string>(Command(sql, parameters)).ConfigureAwait(false);
        return [.. rows.Select(NetworkDocs.Read<T>)];
    }

    private Task<int> ExecuteAsync(string sql, object parameters) => connection.ExecuteAsync(Command(sql, parameters));

    public Task<NetworkRecord?> GetNetworkAsync(Guid id) =>
        OneAsync<NetworkRecord>("SELECT doc_json FROM networks WHERE id = @Id", new { Id = NetworkDocs.Id(id) });

    /// <summary>Networks of the project and shared ones; every network when <paramref name="projectId"/> is null (admin).</summary>
    public Task<IReadOnlyList<NetworkRecord>> ListNetworksAsync(string? projectId) => projectId is null
        ? ManyAsync<NetworkRecord>("SELECT doc_json FROM networks ORDER BY id")
        : ManyAsync<NetworkRecord>("SELECT doc_json FROM networks WHERE project_id = @ProjectId OR shared = 1 ORDER BY id", new { ProjectId = projectId });

    public Task<int> InsertNetworkAsync(NetworkRecord network) => ExecuteAsync(
        "INSERT INTO networks (id, project_id, shared, doc_json) VALUES (@Id, @ProjectId, @Shared, @Doc)",
        new { Id = NetworkDocs.Id(network.Id), network.ProjectId, Shared = network.Shared ? 1 : 0, Doc = NetworkDocs.Write(network) });

    public Task<int> UpdateNetworkAsync(NetworkRecord network) => ExecuteAsync(
        "UPDATE networks SET shared = @Shared, doc_json = @Doc WHERE id = @Id",
        new { Id = NetworkDocs.Id(network.Id), Shared = network.Shared ? 1 : 0, Doc = NetworkDocs.Write(network) });

    public Task<int> DeleteNetworkAsync(Guid id) => ExecuteAsync("DELETE FROM networks WHERE id = @Id", new { Id = NetworkDocs.Id(id) });

    public Task<SubnetRecord?> GetSubnetAsync(Guid id) =>
        OneAsync<SubnetRecord>("SELECT doc_json FROM subnets WHERE id = @Id", new { Id = NetworkDocs.Id(id) });

    public Task<IReadOnlyList<SubnetRecord>> ListSubnetsAsync(Guid networkId) =>
        ManyAsync<SubnetRecord>("SELECT doc_json FROM subnets WHERE network_id = @NetworkId ORDER BY id", new { NetworkId = NetworkDocs.Id(networkId) });

    public Task<IReadOnlyList<SubnetRecord>> ListAllSubnetsAsync() => ManyAsync<SubnetRecord>("SELECT doc_json FROM subnets ORDER BY id");

    public Task<int> InsertSubnetAsync(SubnetRecord subnet) => ExecuteAsync(
        "INSERT INTO subnets (id, network_id, project_id, doc_json) VALUES (@Id, @NetworkId, @ProjectId, @Doc)",
        new { Id = NetworkDocs.Id(subnet.Id), NetworkId = NetworkDocs.Id(subnet.NetworkId), subnet.ProjectId, Doc = NetworkDocs.Write(subnet) });

    public Task<int> UpdateSubnetAsync(SubnetRecord subnet) => ExecuteAsync(
        "UPDATE subnets SET doc_json = @Doc WHERE id = @Id", new { Id = NetworkDocs.Id(subnet.Id), Doc = NetworkDocs.Write(subnet) });

    public Task<int> DeleteSubnetAsync(Guid id) => ExecuteAsync("DELETE FROM subnets WHERE id = @Id", new { Id = NetworkDocs.Id(id) });
}
