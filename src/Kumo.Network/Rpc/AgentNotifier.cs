using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Objects.Context;
using Microsoft.Extensions.Logging;

namespace Kumo.Network.Rpc;

/// <summary>
/// Neutron's AgentNotifierApi and DhcpAgentNotifier in one: casts <see cref="AgentMethods"/> to the
/// agents of the hosts a committed change concerns. A cast that cannot be sent is logged, never
/// failing the API call: the agent's resync heals what it missed.
/// </summary>
public sealed partial class AgentNotifier(IMessageBus bus, ILogger<AgentNotifier> logger)
{
    public Task PortUpdateAsync(RequestContext context, string host, Guid portId, CancellationToken cancellationToken = default) =>
        CastAsync(context, [host], AgentMethods.PortUpdate, new PortsChanged([portId]), cancellationToken);

    public Task PortDeleteAsync(RequestContext context, string host, Guid portId, CancellationToken cancellationToken = default) =>
        CastAsync(context, [host], AgentMethods.PortDelete, new PortsChanged([portId]), cancellationToken);

    public Task SecurityGroupsRuleUpdatedAsync(RequestContext context, IReadOnlyList<string> hosts, IReadOnlyList<Guid> groupIds, CancellationToken cancellationToken = default) =>
        CastAsync(context, hosts, AgentMethods.SecurityGroupsRuleUpdated, new SecurityGroupsChanged(groupIds), cancellationToken);

    public Task SecurityGroupsMemberUpdatedAsync(RequestContext context, IReadOnlyList<string> hosts, IReadOnlyList<Guid> groupIds, CancellationToken cancellationToken = default) =>
        CastAsync(context, hosts, AgentMethods.SecurityGroupsMemberUpdated, new SecurityGroupsChanged(groupIds), cancellationToken);

    public Task DhcpNetworkChangedAsync(RequestContext context, IReadOnlyList<string> hosts, Guid networkId, CancellationToken cancellationToken = default) =>
        CastAsync(context, hosts, AgentMethods.DhcpNetworkChanged, new NetworkChanged(networkId), cancellationToken);

    public Task NetworkDeleteAsync(RequestContext context, IReadOnlyList<string> hosts, Guid networkId, CancellationToken cancellationToken = default) =>
        CastAsync(context, hosts, AgentMethods.NetworkDelete, new NetworkChanged(networkId), cancellationToken);

    private async Task CastAsync<TRequest>(RequestContext context, IReadOnlyList<string> hosts, RpcCast<TRequest> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
    {
        foreach (var host in hosts.Where(h => h.Length > 0).Distinct(StringComparer.Ordinal))
        {
            try
            {
                await bus.CastAsync(AgentMethods.Topic(host), method, context, request, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCastFailed(ex, method.Name, host);
            }
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Could not tell the network agent on {Host} about {Method}; its resync will catch up")]
    private partial void LogCastFailed(Exception ex, string method, string host);
}
