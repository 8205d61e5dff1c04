using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

/// <summary>Roles and their implications (Keystone's implied roles).</summary>
public interface IRoleStore
{
    /// <summary>Throws IdentityConflictException when the name is taken (globally, or in the role's domain).</summary>
    Task CreateAsync(Role role, CancellationToken cancellationToken = default);

    Task<Role?> FindAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Role>> ListAsync(IdentityFilter filter, CancellationToken cancellationToken = default);

    Task UpdateAsync(Role role, CancellationToken cancellationToken = default);

    /// <summary>Also removes the implications from and to the role.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Idempotent.</summary>
    Task AddImpliedAsync(ImpliedRole implied, CancellationToken cancellationToken = default);

    Task<bool> RemoveImpliedAsync(ImpliedRole implied, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ImpliedRole>> ListImpliedAsync(CancellationToken cancellationToken = default);
}
