using Kumo.Virt.Libvirt.Host;

namespace Kumo.Virt.Libvirt.Tests.Interop;

/// <summary>
/// Starts the event loop and keeps one lifecycle callback registered on test:///default while the event
/// tests run. test:///default shares one event queue among all connections in the process, and libvirt
/// 9 can strand that queue when its last callback is removed while another test's define queues an
/// event (the timer check in virObjectEventStateQueueRemote is unlocked): the next test's events then
/// never arrive. Keeping the callback count above zero between tests avoids the crossing. Probe: 35 of
/// 200 registrations lost their events when each reopened its connection under concurrent defines,
/// 0 of 200 with a callback kept registered.
/// </summary>
public sealed class EventStateKeeper : IDisposable
{
    private readonly LibvirtConnection _connection;

    public EventStateKeeper()
    {
        LibvirtEventLoop.EnsureStarted();
        _connection = LibvirtConnection.Open(TestDomains.Uri);
        _connection.RegisterLifecycleEvents(_ => { });
    }

    public void Dispose() => _connection.Dispose();
}
