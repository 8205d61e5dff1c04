using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

public interface IUserStore
{
    /// <summary>Throws IdentityConflictException when the name is taken in the domain.</summary>
    Task CreateAsync(User user, CancellationToken cancellationToken = default);

    Task<User?> FindAsync(string id, CancellationToken cancellationToken = default);

    Task<User?> FindByNameAsync(string domainId, string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<User>> ListAsync(IdentityFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Writes every field, the password hash included.</summary>
    Task UpdateAsync(User user, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
