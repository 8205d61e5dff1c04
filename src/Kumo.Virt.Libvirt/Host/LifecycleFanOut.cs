using Kumo.Virt.Libvirt.Interop;

namespace Kumo.Virt.Libvirt.Host;

/// <summary>
/// The one libvirt lifecycle callback of a connection, fanned out to its managed handlers. One is all
/// libvirt allows: a second virConnectDomainEventRegisterAny with the same C function and event id
/// fails with "event callback already tracked" (VIR_ERR_INVALID_ARG), whatever the opaque pointer.
/// </summary>
internal sealed class LifecycleFanOut : ILifecycleEventSink
{
    // Copy-on-write: the loop thread reads a snapshot without locking; writers hold the connection's lock.
    private volatile LifecycleSubscription[] _subscriptions = [];

    internal void Add(LifecycleSubscription subscription) => _subscriptions = [.. _subscriptions, subscription];

    internal void Remove(LifecycleSubscription subscription)
    {
        var current = _subscriptions;
        int index = Array.IndexOf(current, subscription);
        if (index >= 0)
        {
            _subscriptions = [.. current[..index], .. current[(index + 1)..]];
        }
    }

    public void OnLifecycleEvent(Guid uuid, string name, int eventType, int detail)
    {
        var lifecycleEvent = new DomainLifecycleEvent(uuid, name, (DomainEventType)eventType, detail);
        foreach (var subscription in _subscriptions)
        {
            try
            {
                subscription.Handler(lifecycleEvent);
            }
            catch
            {
                // One faulty handler must not starve the others, nor reach libvirt.
            }
        }
    }
}

/// <summary>One <see cref="LibvirtConnection.RegisterLifecycleEvents"/> call; disposing it unsubscribes.</summary>
internal sealed class LifecycleSubscription(LibvirtConnection owner, Action<DomainLifecycleEvent> handler) : IDisposable
{
    internal Action<DomainLifecycleEvent> Handler { get; } = handler;

    public void Dispose() => owner.Unsubscribe(this);
}
