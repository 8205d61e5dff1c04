using Kumo.Client.Http;
using Kumo.Client.Identity;

namespace Kumo.Cli.Client;

/// <summary>The logged-in cloud: Nova and Glance at the catalog's endpoints (the credentials' interface and region), over one session.</summary>
public sealed class CloudApi(KeystoneSession session, ServiceCatalog catalog, CloudCredentials credentials)
{
    private ComputeClient? _compute;
    private ImageClient? _image;

    public KeystoneSession Session { get; } = session;

    public ComputeClient Compute => _compute ??= new ComputeClient(Session, EndpointFor("compute"));

    public ImageClient Image => _image ??= new ImageClient(Session, EndpointFor("image"));

    /// <summary>A project-scoped token by password (POST /v3/auth/tokens), as openstackclient logs in.</summary>
    public static async Task<CloudApi> LoginAsync(OpenStackHttp http, CloudCredentials credentials, CancellationToken cancellationToken)
    {
        var scope = credentials.ProjectId is { } id
            ? KeystoneAuth.ProjectById(id)
            : KeystoneAuth.ProjectByName(credentials.ProjectName, credentials.ProjectDomainName);
        var token = await new KeystoneClient(http, credentials.IdentityV3).IssueAsync(
            KeystoneAuth.Password(credentials.Username, credentials.UserDomainName, credentials.Password), scope, cancellationToken);
        return new CloudApi(new KeystoneSession(http, token.Id), token.Catalog, credentials);
    }

    private Uri EndpointFor(string serviceType)
    {
        if (catalog.Find(serviceType, credentials.Interface, credentials.RegionName) is { } endpoint)
        {
            return endpoint;
        }
        var where = credentials.RegionName is null ? "" : $" in region {credentials.RegionName}";
        throw new CliException($"The service catalog has no {credentials.Interface} endpoint for {serviceType}{where}.");
    }
}
