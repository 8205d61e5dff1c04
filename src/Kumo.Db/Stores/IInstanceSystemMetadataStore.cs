namespace Kumo.Db.Stores;

/// <summary>
/// An instance's system metadata (Nova's instance_system_metadata): items the services keep on an
/// instance for themselves, never shown as the server's metadata.
/// </summary>
public interface IInstanceSystemMetadataStore
{
    /// <summary>Every item of the instance; empty when it has none.</summary>
    Task<IReadOnlyDictionary<string, string>> GetAsync(Guid instanceUuid, CancellationToken cancellationToken = default);

    /// <summary>Sets these items (insert or update), leaving the others as they are.</summary>
    Task UpdateAsync(Guid instanceUuid, IReadOnlyDictionary<string, string> items, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets these items only while <paramref name="guardKey"/> is absent or empty, in one step (two
    /// writers racing: one wins, the other gets false and nothing of its items is written).
    /// <paramref name="items"/> must hold <paramref name="guardKey"/>.
    /// </summary>
    Task<bool> TryUpdateWhileEmptyAsync(Guid instanceUuid, string guardKey, IReadOnlyDictionary<string, string> items, CancellationToken cancellationToken = default);
}
