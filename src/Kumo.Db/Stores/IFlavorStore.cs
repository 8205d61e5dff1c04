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

    /// <summary>Sets the description (microversion 2.55's PUT); throws FlavorNotFoundException.</summary>
    Task<Flavor> UpdateDescriptionAsync(string flavorId, string? description, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the extra specs with what <paramref name="update"/> makes of the current ones, atomically
    /// (it may throw to change nothing); returns the new specs. Throws FlavorNotFoundException.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> UpdateExtraSpecsAsync(string flavorId,
        Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> update, CancellationToken cancellationToken = default);
}
