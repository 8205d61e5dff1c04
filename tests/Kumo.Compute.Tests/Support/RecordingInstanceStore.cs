using Kumo.Db.Stores;
using Kumo.Objects.Instances;

namespace Kumo.Compute.Tests.Support;

/// <summary>Wraps the real store and records each successful save's states, to check the order of transitions.</summary>
public sealed class RecordingInstanceStore(IInstanceStore inner) : IInstanceStore
{
    private readonly List<(VmState VmState, TaskState? TaskState, string Expected)> _saves = [];

    public IReadOnlyList<(VmState VmState, TaskState? TaskState, string Expected)> Saves
    {
        get
        {
            lock (_saves)
            {
                return [.. _saves];
            }
        }
    }

    public Task CreateAsync(Instance instance, CancellationToken cancellationToken = default) => inner.CreateAsync(instance, cancellationToken);

    public Task<Instance> GetAsync(Guid uuid, bool readDeleted = false, CancellationToken cancellationToken = default) =>
        inner.GetAsync(uuid, readDeleted, cancellationToken);

    public Task<Instance?> TryGetAsync(Guid uuid, bool readDeleted = false, CancellationToken cancellationToken = default) =>
        inner.TryGetAsync(uuid, readDeleted, cancellationToken);

    public Task<IReadOnlyList<Instance>> ListAsync(string? host = null, CancellationToken cancellationToken = default) =>
        inner.ListAsync(host, cancellationToken);

    public Task<Instance> UpdateUserFieldsAsync(Guid uuid, Action<Instance> change, CancellationToken cancellationToken = default) =>
        inner.UpdateUserFieldsAsync(uuid, change, cancellationToken);

    public Task<IReadOnlyList<Instance>> ListAsync(InstanceFilter filter, CancellationToken cancellationToken = default) => inner.ListAsync(filter, cancellationToken);

    /// <summary>When set, the next save throws it without writing (a database error, not a conflict).</summary>
    public Exception? FailNextSaveWith { get => _failNext; set => _failNext = value; }

    private Exception? _failNext;

    /// <summary>When set, runs before every save with the instance about to be written (to check what exists at that instant).</summary>
    public Func<Instance, Task>? BeforeSave { get; set; }

    public async Task SaveAsync(Instance instance, IReadOnlyCollection<TaskState?>? expectedTaskStates = null, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _failNext, null) is { } failure)
        {
            throw failure;
        }
        if (BeforeSave is { } hook)
        {
            await hook(instance);
        }
        await inner.SaveAsync(instance, expectedTaskStates, cancellationToken);
        var expected = expectedTaskStates is null ? "-" : string.Join("|", expectedTaskStates.Select(s => s.ToNovaName() ?? "none"));
        lock (_saves)
        {
            _saves.Add((instance.VmState, instance.TaskState, expected));
        }
    }

    public Task<Instance> SetTaskStateAsync(Guid uuid, TaskState? taskState, IReadOnlyCollection<TaskState?> expectedTaskStates, CancellationToken cancellationToken = default) =>
        inner.SetTaskStateAsync(uuid, taskState, expectedTaskStates, cancellationToken);

    public Task DestroyAsync(Guid uuid, CancellationToken cancellationToken = default) => inner.DestroyAsync(uuid, cancellationToken);
}
