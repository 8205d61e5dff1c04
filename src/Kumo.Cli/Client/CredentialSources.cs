namespace Kumo.Cli.Client;

/// <summary>
/// openstacksdk's order: a named cloud (--os-cloud, else OS_CLOUD) from clouds.yaml, else the OS_*
/// variables; an --os-* option given on the command line wins over either.
/// </summary>
public static class CredentialSources
{
    /// <summary>The --os-* options given on the command line (null where not given).</summary>
    public sealed record Overrides(string? Cloud, string? AuthUrl, string? Username, string? Password, string? ProjectName,
        string? UserDomainName, string? ProjectDomainName, string? RegionName, string? Interface);

    public static CloudCredentials Resolve(Overrides given, CloudSettings settings)
    {
        var cloud = given.Cloud ?? NonEmpty(settings.Variable("OS_CLOUD"));
        var found = cloud is not null ? CloudsYaml.Read(cloud, settings) : FromEnvironment(given, settings);
        return found with
        {
            AuthUrl = given.AuthUrl ?? found.AuthUrl,
            Username = given.Username ?? found.Username,
            Password = given.Password ?? found.Password,
            ProjectName = given.ProjectName ?? found.ProjectName,
            ProjectId = given.ProjectName is null ? found.ProjectId : null,
            UserDomainName = given.UserDomainName ?? found.UserDomainName,
            ProjectDomainName = given.ProjectDomainName ?? found.ProjectDomainName,
            RegionName = given.RegionName ?? found.RegionName,
            Interface = given.Interface ?? found.Interface,
        };
    }

    private static CloudCredentials FromEnvironment(Overrides given, CloudSettings settings)
    {
        string? Variable(string name) => NonEmpty(settings.Variable(name));
        var authUrl = given.AuthUrl ?? Variable("OS_AUTH_URL");
        var username = given.Username ?? Variable("OS_USERNAME");
        var password = given.Password ?? Variable("OS_PASSWORD");
        if (authUrl is null || username is null || password is null)
        {
            var missing = new[] { ("OS_AUTH_URL", authUrl), ("OS_USERNAME", username), ("OS_PASSWORD", password) }.Where(p => p.Item2 is null).Select(p => p.Item1);
            throw new CliException($"No credentials: set OS_CLOUD (or --os-cloud) to a cloud of clouds.yaml (e.g. kumo-admin in /etc/openstack/clouds.yaml), " +
                $"or source an openrc (e.g. /etc/kumo/admin-openrc.sh). Missing: {string.Join(", ", missing)}.");
        }
        return new CloudCredentials(authUrl, username, password, Variable("OS_PROJECT_NAME") ?? Variable("OS_TENANT_NAME"), Variable("OS_PROJECT_ID"),
            Variable("OS_USER_DOMAIN_NAME") ?? "Default", Variable("OS_PROJECT_DOMAIN_NAME") ?? "Default", Variable("OS_REGION_NAME"),
            Variable("OS_INTERFACE") ?? "public");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
