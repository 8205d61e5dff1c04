namespace Kumo.Api;

/// <summary>
/// Every service is served on one listener under its own prefix, as devstack lays them out behind
/// Apache (http://host/identity, /compute, /image, /network). The catalog publishes these URLs.
/// </summary>
public static class ApiPaths
{
    public const string Identity = "/identity";
    public const string Compute = "/compute";
    public const string Image = "/image";
    public const string Network = "/network";
}
