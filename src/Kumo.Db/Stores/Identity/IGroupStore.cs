using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

/// <summary>Groups and their members (Kumo grants roles to users only; a group is a list of users).</summary>
public interface IGroupStore
{
    /// <summary>Throws IdentityConflictException when the name is taken in the domain.</summary>
    Task CreateAsync(Group group, CancellationToken cancellationToken = default);

    Task<Group?> FindAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Group>> ListAsync(IdentityFilter filter, CancellationToken cancellationToken = default);

    Task UpdateAsync(Group group, CancellationToken cancellationToken = default);

    /// <summary>Also drops the memberships.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Idempotent.</summary>
    Task AddMemberAsync(string groupId, string userId, CancellationToken cancellationToken = default);

    Task<bool> RemoveMemberAsync(string groupId, string userId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListMembersAsync(string groupId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Group>> ListOfUserAsync(string userId, CancellationToken cancellationToken = default);

    Task RemoveUserAsync(string userId, CancellationToken cancellationToken = default);
}
