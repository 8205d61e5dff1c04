using Kumo.Db.Stores.Placement;

namespace Kumo.Compute.Api;

/// <summary>
/// The API's copy of the resource providers, for the create-time check that some host could hold a
/// flavor at all. Read in full once, then brought up to date with only the providers changed since
/// (their change sequence, which every inventory report and allocation bumps), so a create reads the
/// few providers the last builds touched instead of every provider with its inventories (1,000 hosts
/// are 3,000 rows). Providers are never deleted from the store, so the copy only grows or changes.
/// </summary>
public sealed class ProviderInventories(IPlacementStore placement)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Guid, ResourceProviderRecord> _providers = [];
    private long? _changeSeq;

    /// <summary>Every provider as the store has it now (usage may be newer than read: the check ignores usage).</summary>
    public async Task<IReadOnlyList<ResourceProviderRecord>> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var changed = _changeSeq is { } since
                ? await placement.ListProvidersChangedSinceAsync(since, cancellationToken)
                : await placement.ListProvidersAsync(cancellationToken);
            _changeSeq ??= 0;
            foreach (var provider in changed)
            {
                _providers[provider.Uuid] = provider;
                _changeSeq = Math.Max(_changeSeq.Value, provider.ChangeSeq);
            }
            return [.. _providers.Values];
        }
        finally
        {
            _gate.Release();
        }
    }
}
