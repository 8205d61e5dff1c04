namespace Kumo.Api.Network;

/// <summary>A path id that is no UUID names nothing: the resource's own 404, as Neutron answers.</summary>
public static class NeutronIds
{
    public static Guid Parse(string id, Func<string, Exception> notFound) => Guid.TryParse(id, out var guid) ? guid : throw notFound(id);
}
