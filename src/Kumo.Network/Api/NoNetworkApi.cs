using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;

namespace Kumo.Network.Api;

/// <summary>
/// The network service of a deployment that has no networks configured: servers boot without NICs
/// ("networks": "none"), and a request for a network is refused up front with a clear error rather
/// than failing later in the build. "auto" (get-me-a-network) finds no network to use and boots
/// without one, as before networking existed.
/// </summary>
public sealed class NoNetworkApi : INetworkApi
{
    public Task ValidateNetworksAsync(RequestContext context, IReadOnlyList<RequestedNetwork> requested, CancellationToken cancellationToken = default) =>
        requested.Any(r => !r.Auto) ? Task.FromException(new NetworkNotConfiguredException()) : Task.CompletedTask;

    public Task<NetworkInfo> AllocateForInstanceAsync(RequestContext context, Instance instance, IReadOnlyList<RequestedNetwork> requested, CancellationToken cancellationToken = default)
    {
        if (requested.Any(r => !r.Auto))
        {
            throw new NetworkNotConfiguredException();
        }
        return Task.FromResult(NetworkInfo.Empty);
    }

    public Task DeallocateForInstanceAsync(RequestContext context, Instance instance, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    public Task<NetworkInfo> GetInstanceNetworkInfoAsync(Instance instance, CancellationToken cancellationToken = default) =>
        Task.FromResult(NetworkInfo.Empty);

    /// <summary>Without networking there are no groups to apply; "default" is accepted as it costs nothing.</summary>
    public Task ValidateSecurityGroupsAsync(RequestContext context, IReadOnlyList<string> names, CancellationToken cancellationToken = default) =>
        names.Any(n => n != "default")
            ? Task.FromException(new InvalidRequestException("Only the security group 'default' can be requested: this deployment has no networking."))
            : Task.CompletedTask;
}

public sealed class NetworkNotConfiguredException()
    : KumoException("This deployment has no networks configured; create the server with networks \"none\".")
{
    public override int Code => 400;
}
