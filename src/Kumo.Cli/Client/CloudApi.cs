namespace Kumo.Cli.Client;

/// <summary>The logged-in cloud: Nova and Glance at the catalog's endpoints, over one session.</summary>
public sealed class CloudApi(KeystoneSession session)
{
    private ComputeClient? _compute;
    private ImageClient? _image;

    public KeystoneSession Session { get; } = session;

    public ComputeClient Compute => _compute ??= new ComputeClient(Session.Http, Session.Catalog.EndpointFor("compute"));

    public ImageClient Image => _image ??= new ImageClient(Session.Http, Session.Catalog.EndpointFor("image"));
}
