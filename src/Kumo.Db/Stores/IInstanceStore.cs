using Kumo.Objects.Instances;

namespace Kumo.Db.Stores;

/// <summary>Instance records. Implementations must not assume SQLite (PostgreSQL comes with multi-host).</summary>
public interface IInstanceStore
{
    /// <summary>Inserts a new instance; CreatedAt/UpdatedAt are set by the store.</summary>
    Task CreateAsync(Instance instance, CancellationToken cancellationToken = default);

    /// <summary>Throws InstanceNotFoundException when missing, or deleted unless <paramref name="readDeleted"/>.</summary>
    Task<Instance> GetAsync(Guid uuid, bool readDeleted = false, CancellationToken cancellationToken = default);

    Task<Instance?> TryGetAsync(Guid uuid, bool readDeleted = false, CancellationToken cancellationToken = default);

    /// <summary>Non-deleted instances, optionally only those on <paramref name="host"/>.</summary>
    Task<IReadOnlyList<Instance>> ListAsync(string? host = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// A filtered, sorted (newest first) page of servers in one query. Throws MarkerNotFoundException
    /// for an unknown marker and InvalidRequestException for a bad name pattern.
    /// </summary>
    Task<IReadOnlyList<Instance>> ListAsync(InstanceFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the fields the compute side owns (vm_state, task_state, power_state, host, node,
    /// launched_at, terminated_at, deleted, deleted_at) and bumps UpdatedAt; never the user's fields
    /// (name, description, access IPs, metadata, tags: UpdateUserFieldsAsync), so a save of an instance
    /// read before a rename keeps the new name. With <paramref name="expectedTaskStates"/>
    /// (null entries mean "no task"), this is one conditional UPDATE: when the stored task_state is not
    /// one of them, nothing is written and UnexpectedTaskStateException (or
    /// UnexpectedDeletingTaskStateException when it is deleting) is thrown.
    /// Throws InstanceNotFoundException when the record is gone.
    /// </summary>
    Task SaveAsync(Instance instance, IReadOnlyCollection<TaskState?>? expectedTaskStates = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets only task_state (and updated_at), as one conditional UPDATE on the stored task state: the
    /// rest of the row stays whatever concurrent writers made it. Same errors as a compare-and-set save.
    /// Returns the instance as stored afterwards.
    /// </summary>
    Task<Instance> SetTaskStateAsync(Guid uuid, TaskState? taskState, IReadOnlyCollection<TaskState?> expectedTaskStates, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored instance and writes back only the fields users
    /// edit (name, description, access IPs, metadata, tags), atomically; returns the instance as written.
    /// An exception from <paramref name="change"/> writes nothing.
    /// </summary>
    Task<Instance> UpdateUserFieldsAsync(Guid uuid, Action<Instance> change, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes: vm_state deleted, deleted=true, deleted_at/terminated_at set.</summary>
    Task DestroyAsync(Guid uuid, CancellationToken cancellationToken = default);
}
