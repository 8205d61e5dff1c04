namespace Kumo.Cli.Client;

/// <summary>
/// What a password login to Keystone v3 needs, gathered as openstacksdk gathers it: a named cloud of a
/// clouds.yaml (--os-cloud or OS_CLOUD), else the OS_* variables of an openrc; --os-* options win.
/// </summary>
public sealed record CloudCredentials(
    string AuthUrl,
    string Username,
    string Password,
    string? ProjectName,
    string? ProjectId,
    string UserDomainName,
    string ProjectDomainName,
    string? RegionName,
    string Interface)
{
    /// <summary>The Keystone v3 root: auth_url as given when it names /v3, else with /v3 appended (keystoneauth discovers it).</summary>
    public Uri IdentityV3
    {
        get
        {
            var url = AuthUrl.TrimEnd('/');
            return new Uri(url.EndsWith("/v3", StringComparison.Ordinal) ? url + "/" : url + "/v3/");
        }
    }
}
