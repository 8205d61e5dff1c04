namespace Kumo.Db.Stores;

/// <summary>Which projects may see and use a private flavor (Nova's flavor_projects).</summary>
public interface IFlavorAccessStore
{
    /// <summary>The projects with access to <paramref name="flavorId"/>, in project id order.</summary>
    Task<IReadOnlyList<string>> ListProjectsAsync(string flavorId, CancellationToken cancellationToken = default);

    /// <summary>The flavors <paramref name="projectId"/> was given access to.</summary>
    Task<IReadOnlySet<string>> ListFlavorsAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Throws FlavorAccessExistsException (409) when the project already has access.</summary>
    Task AddAsync(string flavorId, string projectId, CancellationToken cancellationToken = default);

    /// <summary>Throws FlavorAccessNotFoundException (404) when the project has no access.</summary>
    Task RemoveAsync(string flavorId, string projectId, CancellationToken cancellationToken = default);

    /// <summary>Forgets every project of a deleted flavor.</summary>
    Task RemoveAllAsync(string flavorId, CancellationToken cancellationToken = default);
}
