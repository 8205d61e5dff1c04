using Kumo.Api.Compute.Flavors;
using Kumo.Api.Compute.Hypervisors;
using Kumo.Api.Compute.Keypairs;
using Kumo.Api.Compute.Quotas;
using Kumo.Api.Compute.Services;
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
        FlavorsApi.Map(v21);
        KeypairsApi.Map(v21);
        LimitsApi.Map(v21);
        QuotaSetsApi.Map(v21);
        QuotaClassSetsApi.Map(v21);
        HypervisorsApi.Map(v21);
        ServicesApi.Map(v21);
        ServersApi.Map(v21, options);
        ServerActionsApi.Map(v21);
        ServerMetadataApi.Map(v21);
        ServerPasswordApi.Map(v21);
        ServerTagsApi.Map(v21);
        InstanceActionsApi.Map(v21);
        AvailabilityZonesApi.Map(v21);
        ServerExternalEventsApi.Map(v21);
        InterfacesApi.Map(v21);
        SecurityGroupsProxyApi.Map(v21);
    }
}
