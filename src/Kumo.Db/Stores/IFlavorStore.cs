using Kumo.Objects.Flavors;

namespace Kumo.Db.Stores;

public interface IFlavorStore
{
    /// <summary>Throws InvalidRequestException (409-style conflict message) when the id or name exists.</summary>
    Task CreateAsync(Flavor flavor, CancellationToken cancellationToken = default);

    /// <summary>Throws FlavorNotFoundException.</summary>
    Task<Flavor> GetAsync(string flavorId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Flavor>> ListAsync(CancellationToken cancellationToken = default);

    Task DeleteAsync(string flavorId, CancellationToken cancellationToken = default);
}
