using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;

namespace Kumo.Network.Api;

/// <summary>What the compute manager asks of the network service (Nova's network API over Neutron).</summary>
public interface INetworkApi
{
    /// <summary>Checks a server's network request before anything is created (unknown network, no networks configured).</summary>
    Task ValidateNetworksAsync(RequestContext context, IReadOnlyList<RequestedNetwork> requested, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates (or binds) a port per requested network for the instance on its host and returns the
    /// network info. No requested networks means no ports.
    /// </summary>
    Task<NetworkInfo> AllocateForInstanceAsync(RequestContext context, Instance instance, IReadOnlyList<RequestedNetwork> requested, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="AllocateForInstanceAsync(RequestContext, Instance, IReadOnlyList{RequestedNetwork}, CancellationToken)"/>,
    /// with the server's security groups (names or ids; none: the project's default) on the ports it creates.
    /// </summary>
    Task<NetworkInfo> AllocateForInstanceAsync(RequestContext context, Instance instance, IReadOnlyList<RequestedNetwork> requested,
        IReadOnlyList<string> securityGroups, CancellationToken cancellationToken = default) =>
        AllocateForInstanceAsync(context, instance, requested, cancellationToken);

    /// <summary>Deletes the ports the instance owns. Idempotent.</summary>
    Task DeallocateForInstanceAsync(RequestContext context, Instance instance, CancellationToken cancellationToken = default);

    /// <summary>The instance's current network info (empty when it has no ports).</summary>
    Task<NetworkInfo> GetInstanceNetworkInfoAsync(Instance instance, CancellationToken cancellationToken = default);

    /// <summary>
    /// Nova's check of a create's security_groups (populate_security_groups): each named group must
    /// exist for the project (else 400, nothing created). Implementations that have groups override it.
    /// </summary>
    Task ValidateSecurityGroupsAsync(RequestContext context, IReadOnlyList<string> names, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    /// <summary>The groups the caller may see (Nova's os-security-groups proxy, microversions below 2.36).</summary>
    Task<IReadOnlyList<SecurityGroupInfo>> ListSecurityGroupsAsync(RequestContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SecurityGroupInfo>>([]);
}
