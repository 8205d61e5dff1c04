namespace Kumo.Api.Identity;

/// <summary>Keystone's v3 API: discovery and authentication open, the admin API behind a token.</summary>
public static class IdentityEndpoints
{
    public static void Map(RouteGroupBuilder identity, ApiOptions options)
    {
        _ = identity;
        _ = options;
    }
}
