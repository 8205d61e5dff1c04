using Kumo.Api.Infrastructure;

namespace Kumo.Api.Identity;

/// <summary>Keystone's v3 API: discovery and authentication open, everything else behind a token.</summary>
public static class IdentityEndpoints
{
    public static void Map(RouteGroupBuilder identity, ApiOptions options)
    {
        IdentityVersionsApi.Map(identity, options);
        AuthTokensApi.MapOpen(identity.MapGroup("/v3"));
        var v3 = identity.MapGroup("/v3").RequireToken();
        AuthTokensApi.MapSecured(v3);
        DomainsApi.Map(v3);
        ProjectsApi.Map(v3);
        UsersApi.Map(v3);
        RolesApi.Map(v3);
        GrantsApi.Map(v3);
        RoleAssignmentsApi.Map(v3);
    }
}
