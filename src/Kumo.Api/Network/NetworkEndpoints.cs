using Kumo.Api.Infrastructure;

namespace Kumo.Api.Network;

/// <summary>Neutron's v2.0 API: version documents open, every resource behind a token.</summary>
public static class NetworkEndpoints
{
    public static void Map(RouteGroupBuilder network, ApiOptions options)
    {
        NetworkVersionsApi.Map(network, options);
        var v20 = network.MapGroup("/v2.0").RequireToken();
        NetworkExtensions.Map(v20);
        NetworksApi.Map(v20, options);
        SubnetsApi.Map(v20, options);
        PortsApi.Map(v20, options);
        SecurityGroupsApi.Map(v20, options);
    }
}
