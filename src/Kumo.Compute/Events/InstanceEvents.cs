using Kumo.Objects.Events;
using Kumo.Virt.Events;

namespace Kumo.Compute.Events;

/// <summary>
/// The events operations on this host are waiting for (Nova's InstanceEvents): a waiter is prepared
/// before the action that causes the event (prepare_for_instance_event), and an arriving event
/// completes it (pop_instance_event). A delete or the service stopping cancels the instance's waiters.
/// </summary>
public sealed class InstanceEvents
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Dictionary<string, TaskCompletionSource<ExternalInstanceEvent>>> _waiters = [];
    private string? _stoppedReason;

    /// <summary>Waiters registered now (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Values.Sum(w => w.Count);
            }
        }
    }

    /// <summary>A waiter for one event of the instance; the same event prepared twice shares its waiter.</summary>
    public Task<ExternalInstanceEvent> Prepare(Guid instanceUuid, InstanceEventName name)
    {
        lock (_gate)
        {
            if (_stoppedReason is { } reason)
            {
                throw new InstanceEventsCancelledException(instanceUuid, reason);
            }
            if (!_waiters.TryGetValue(instanceUuid, out var events))
            {
                _waiters[instanceUuid] = events = [];
            }
            if (!events.TryGetValue(name.Key, out var waiter))
            {
                events[name.Key] = waiter = new TaskCompletionSource<ExternalInstanceEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return waiter.Task;
        }
    }

    /// <summary>Completes the waiter the event was prepared for; false when nobody waits for it.</summary>
    public bool TryPop(ExternalInstanceEvent e)
    {
        TaskCompletionSource<ExternalInstanceEvent>? waiter;
        lock (_gate)
        {
            if (!_waiters.TryGetValue(e.ServerUuid, out var events) || !events.Remove(e.Key, out waiter))
            {
                return false;
            }
            if (events.Count == 0)
            {
                _waiters.Remove(e.ServerUuid);
            }
        }
        return waiter.TrySetResult(e);
    }

    /// <summary>Forgets a waiter nobody needs any more (its wait ended without it).</summary>
    public void Discard(Guid instanceUuid, InstanceEventName name)
    {
        lock (_gate)
        {
            if (_waiters.TryGetValue(instanceUuid, out var events) && events.Remove(name.Key) && events.Count == 0)
            {
                _waiters.Remove(instanceUuid);
            }
        }
    }

    /// <summary>
    /// Nova's clear_events_for_instance, but the waiters end now rather than at their deadline: a
    /// delete must not wait vif_plugging_timeout for a build that waits for its ports. Returns how many.
    /// </summary>
    public int CancelForInstance(Guid instanceUuid, string reason)
    {
        Dictionary<string, TaskCompletionSource<ExternalInstanceEvent>>? events;
        lock (_gate)
        {
            if (!_waiters.Remove(instanceUuid, out events))
            {
                return 0;
            }
        }
        foreach (var waiter in events.Values)
        {
            waiter.TrySetException(new InstanceEventsCancelledException(instanceUuid, reason) { Deleted = true });
        }
        return events.Count;
    }

    /// <summary>Nova's cancel_all_events at shutdown: every waiter ends, and no new one is accepted.</summary>
    public void CancelAll(string reason)
    {
        List<(Guid Uuid, TaskCompletionSource<ExternalInstanceEvent> Waiter)> all;
        lock (_gate)
        {
            _stoppedReason = reason;
            all = [.. _waiters.SelectMany(i => i.Value.Values.Select(w => (i.Key, w)))];
            _waiters.Clear();
        }
        foreach (var (uuid, waiter) in all)
        {
            waiter.TrySetException(new InstanceEventsCancelledException(uuid, reason));
        }
    }
}
