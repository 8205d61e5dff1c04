using Kumo.Api.Infrastructure;

namespace Kumo.Api.Compute;

/// <summary>Nova's v2.1 API: version documents unauthenticated, everything else behind a token.</summary>
public static class ComputeEndpoints
{
    public static void Map(RouteGroupBuilder compute, ApiOptions options)
    {
        VersionsApi.Map(compute, options);
        var v21 = compute.MapGroup("/v2.1").RequireToken();
        _ = v21; // resources are mapped here: servers, flavors, keypairs, limits, os-hypervisors, ...
    }
}
