using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

public interface IDomainStore
{
    /// <summary>Throws IdentityConflictException when the name is taken.</summary>
    Task CreateAsync(Domain domain, CancellationToken cancellationToken = default);

    Task<Domain?> FindAsync(string id, CancellationToken cancellationToken = default);

    Task<Domain?> FindByNameAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Domain>> ListAsync(IdentityFilter filter, CancellationToken cancellationToken = default);

    Task UpdateAsync(Domain domain, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
