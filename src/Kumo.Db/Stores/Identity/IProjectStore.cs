using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

public interface IProjectStore
{
    /// <summary>Throws IdentityConflictException when the name is taken in the domain.</summary>
    Task CreateAsync(Project project, CancellationToken cancellationToken = default);

    Task<Project?> FindAsync(string id, CancellationToken cancellationToken = default);

    Task<Project?> FindByNameAsync(string domainId, string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Project>> ListAsync(IdentityFilter filter, CancellationToken cancellationToken = default);

    Task UpdateAsync(Project project, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
