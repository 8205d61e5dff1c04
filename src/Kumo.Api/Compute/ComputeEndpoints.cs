using Kumo.Api.Compute.Servers;
using Kumo.Api.Infrastructure;

namespace Kumo.Api.Compute;

/// <summary>Nova's v2.1 API: version documents unauthenticated, everything else behind a token.</summary>
public static class ComputeEndpoints
{
    public static void Map(RouteGroupBuilder compute, ApiOptions options)
    {
        VersionsApi.Map(compute, options);
        var v21 = compute.MapGroup("/v2.1").RequireToken();
        ServersApi.Map(v21, options);
        ServerActionsApi.Map(v21);
        ServerMetadataApi.Map(v21);
        InstanceActionsApi.Map(v21);
        AvailabilityZonesApi.Map(v21);
    }
}
