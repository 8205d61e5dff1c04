using Kumo.Virt.Libvirt.Interop;

namespace Kumo.Virt.Libvirt.Host;

public sealed partial class LibvirtConnection
{
    private readonly bool _eventLoopRunning;
    private readonly Lock _eventsLock = new();
    // Registered with libvirt on the first subscription and kept until Dispose, even with no handlers
    // left: libvirt 9's object_event.c reads its flush timer without the lock when queueing
    // (virObjectEventStateQueueRemote), so removing a state's last callback while an event is queued
    // can leave an event in a queue whose timer is disarmed; later events are then not delivered until
    // the callback count next drops to zero. Seen on test:///default: 1 registration in 50 lost its
    // events under concurrent defines. See LifecycleFanOut for why there is only one callback.
    private LifecycleFanOut? _lifecycle;
    private int _lifecycleCallbackId;
    private bool _closing;

    /// <summary>
    /// Calls <paramref name="handler"/> for every domain lifecycle event on this connection until the
    /// returned registration (or the connection) is disposed. The handler runs on libvirt's event-loop
    /// thread: keep it short and non-blocking (hand off to a channel), since while it runs no other
    /// event or keepalive is processed. Exceptions it throws are swallowed — they cannot cross into
    /// libvirt. As with .NET events, an event being dispatched while the registration is disposed may
    /// still reach the handler once.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The connection was opened before <see cref="LibvirtEventLoop.EnsureStarted"/>: libvirt would accept
    /// the registration but deliver events only while some other call happens to be in flight.
    /// </exception>
    public IDisposable RegisterLifecycleEvents(Action<DomainLifecycleEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!_eventLoopRunning)
        {
            throw new InvalidOperationException(
                $"Connection {Uri} was opened before LibvirtEventLoop.EnsureStarted(); open it after starting the loop to receive events.");
        }

        var subscription = new LifecycleSubscription(this, handler);
        lock (_eventsLock)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            if (_lifecycle is null)
            {
                var fanOut = new LifecycleFanOut();
                _lifecycleCallbackId = LifecycleEvents.Register(_handle, fanOut);
                _lifecycle = fanOut;
            }

            _lifecycle.Add(subscription);
        }

        return subscription;
    }

    internal void Unsubscribe(LifecycleSubscription subscription)
    {
        lock (_eventsLock)
        {
            // After Dispose the connection has deregistered everything.
            _lifecycle?.Remove(subscription);
        }
    }

    private void DeregisterAllEvents()
    {
        lock (_eventsLock)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            if (_lifecycle is null)
            {
                return;
            }

            _lifecycle = null;
            try
            {
                LifecycleEvents.Deregister(_handle, _lifecycleCallbackId);
            }
            catch (LibvirtException)
            {
                // A dead connection cannot deregister; closing it is still right, and libvirt frees the
                // callback with the connection's last reference.
            }
        }
    }
}
