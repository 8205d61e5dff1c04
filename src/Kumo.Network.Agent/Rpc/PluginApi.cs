using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Network.Rpc;
using Kumo.Objects.Context;

namespace Kumo.Network.Agent.Rpc;

/// <summary>Neutron's PluginApi / SecurityGroupServerRpcApi / DhcpPluginApi: the agent's calls to topic network-server.</summary>
public sealed class PluginApi(IMessageBus bus, string host, TimeSpan timeout)
{
    public string Host => host;

    public Task<IReadOnlyList<DeviceDetails>> GetDevicesDetailsListAsync(IReadOnlyList<Guid> portIds, CancellationToken cancellationToken) =>
        CallAsync(PluginMethods.GetDevicesDetailsList, new DevicesRequest(host, portIds), cancellationToken);

    public Task<bool> UpdateDeviceUpAsync(Guid portId, CancellationToken cancellationToken) =>
        CallAsync(PluginMethods.UpdateDeviceUp, new DeviceStatusRequest(host, portId), cancellationToken);

    public Task<bool> UpdateDeviceDownAsync(Guid portId, CancellationToken cancellationToken) =>
        CallAsync(PluginMethods.UpdateDeviceDown, new DeviceStatusRequest(host, portId), cancellationToken);

    public Task<SecurityGroupInfo> SecurityGroupInfoForDevicesAsync(IReadOnlyList<Guid> portIds, CancellationToken cancellationToken) =>
        CallAsync(PluginMethods.SecurityGroupInfoForDevices, new DevicesRequest(host, portIds), cancellationToken);

    public Task<IReadOnlyList<Guid>> GetActiveNetworksAsync(CancellationToken cancellationToken) =>
        CallAsync(PluginMethods.GetActiveNetworks, new HostRequest(host), cancellationToken);

    public async Task<DhcpNetwork?> GetNetworkInfoAsync(Guid networkId, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(PluginMethods.GetNetworkInfo, new NetworkRequest(networkId, host), cancellationToken);
        }
        catch (Kumo.Objects.Errors.KumoException ex) when (ex.Message.Contains("replied with nothing", StringComparison.Ordinal))
        {
            return null;
        }
    }

    public Task<DhcpPort> CreateDhcpPortAsync(Guid networkId, CancellationToken cancellationToken) =>
        CallAsync(PluginMethods.CreateDhcpPort, new DhcpPortRequest(networkId, host), cancellationToken);

    public Task<bool> ReleaseDhcpPortAsync(Guid networkId, CancellationToken cancellationToken) =>
        CallAsync(PluginMethods.ReleaseDhcpPort, new DhcpPortRequest(networkId, host), cancellationToken);

    private Task<TResult> CallAsync<TRequest, TResult>(RpcCall<TRequest, TResult> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class =>
        bus.CallAsync(PluginMethods.Topic, method, RequestContext.Admin(), request, timeout, cancellationToken);
}
