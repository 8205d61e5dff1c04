using System.Collections.Concurrent;
using Kumo.Virt.Libvirt.Host;

namespace Kumo.Virt.Libvirt.Tests.Interop;

public sealed class LifecycleEventTests : IClassFixture<EventStateKeeper>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Event_loop_runs_iterations()
    {
        Assert.True(LibvirtEventLoop.IsStarted);

        await LibvirtEventLoop.PingAsync().WaitAsync(Wait);
        await LibvirtEventLoop.PingAsync().WaitAsync(Wait);
    }

    [Fact]
    public void Defined_started_stopped_undefined_arrive_in_order()
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);
        var seen = new Recorder();
        using var registration = connection.RegisterLifecycleEvents(seen.Add);
        string name = TestDomains.UniqueName("events");
        var uuid = Guid.NewGuid();

        using (var domain = connection.DefineXml(TestDomains.MinimalXml(name, uuid)))
        {
            domain.Create();
            domain.Destroy();
            domain.Undefine(DomainUndefineFlags.None);
        }

        var events = seen.WaitFor(uuid, DomainEventType.Undefined);
        Assert.Equal(
            [DomainEventType.Defined, DomainEventType.Started, DomainEventType.Stopped, DomainEventType.Undefined],
            events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(name, e.Name));
        // VIR_DOMAIN_EVENT_STOPPED_DESTROYED.
        Assert.Equal(1, events.Single(e => e.Type == DomainEventType.Stopped).Detail);
    }

    [Fact]
    public void Disposed_registration_receives_nothing_more()
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);
        var dropped = new Recorder();
        var kept = new Recorder();
        var droppedRegistration = connection.RegisterLifecycleEvents(dropped.Add);
        using var keptRegistration = connection.RegisterLifecycleEvents(kept.Add);

        droppedRegistration.Dispose();
        droppedRegistration.Dispose();
        var uuid = Guid.NewGuid();
        using (var domain = connection.DefineXml(TestDomains.MinimalXml(TestDomains.UniqueName("dropped"), uuid)))
        {
            domain.Undefine(DomainUndefineFlags.None);
        }

        // Handlers are called in registration order within one dispatch: once the later one has the
        // event, the earlier one would have had it too.
        kept.WaitFor(uuid, DomainEventType.Undefined);
        Assert.DoesNotContain(dropped.Snapshot(), e => e.Uuid == uuid);
    }

    [Fact]
    public void Throwing_handler_neither_stops_its_own_delivery_nor_the_next_handlers()
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);
        var throwing = new Recorder();
        var next = new Recorder();
        using var throwingRegistration = connection.RegisterLifecycleEvents(e =>
        {
            throwing.Add(e);
            throw new InvalidOperationException("handler bug");
        });
        using var nextRegistration = connection.RegisterLifecycleEvents(next.Add);
        var uuid = Guid.NewGuid();

        using (var domain = connection.DefineXml(TestDomains.MinimalXml(TestDomains.UniqueName("throwing"), uuid)))
        {
            domain.Undefine(DomainUndefineFlags.None);
        }

        DomainEventType[] expected = [DomainEventType.Defined, DomainEventType.Undefined];
        Assert.Equal(expected, throwing.WaitFor(uuid, DomainEventType.Undefined).Select(e => e.Type));
        Assert.Equal(expected, next.WaitFor(uuid, DomainEventType.Undefined).Select(e => e.Type));
    }

    [Fact]
    public void Handlers_can_come_and_go_repeatedly()
    {
        // Between iterations the connection has no handler; the next one must still be served.
        using var connection = LibvirtConnection.Open(TestDomains.Uri);
        for (int i = 0; i < 3; i++)
        {
            var seen = new Recorder();
            using (connection.RegisterLifecycleEvents(seen.Add))
            {
                var uuid = Guid.NewGuid();
                using var domain = connection.DefineXml(TestDomains.MinimalXml(TestDomains.UniqueName("again"), uuid));
                domain.Undefine(DomainUndefineFlags.None);
                seen.WaitFor(uuid, DomainEventType.Undefined);
            }
        }
    }

    [Fact]
    public void Connection_Dispose_deregisters_leftover_registrations_before_closing()
    {
        var connection = LibvirtConnection.Open(TestDomains.Uri);
        var registration = connection.RegisterLifecycleEvents(_ => { });
        connection.RegisterLifecycleEvents(_ => { });

        connection.Dispose();

        // The libvirt callback holds a reference on the connection: 0 means it was dropped first.
        Assert.Equal(0, connection.Handle.ReferencesLeftAtClose);
        registration.Dispose();
        Assert.Throws<ObjectDisposedException>(() => connection.RegisterLifecycleEvents(_ => { }));
    }

    /// <summary>Collects events from the loop thread; waits with a bound.</summary>
    private sealed class Recorder
    {
        private readonly BlockingCollection<DomainLifecycleEvent> _events = [];
        private readonly ConcurrentQueue<DomainLifecycleEvent> _all = new();

        public void Add(DomainLifecycleEvent e)
        {
            _all.Enqueue(e);
            _events.Add(e);
        }

        public DomainLifecycleEvent[] Snapshot() => [.. _all];

        /// <summary>The events for <paramref name="uuid"/> up to and including the first of type <paramref name="last"/>.</summary>
        public List<DomainLifecycleEvent> WaitFor(Guid uuid, DomainEventType last)
        {
            var mine = new List<DomainLifecycleEvent>();
            var deadline = DateTime.UtcNow + Wait;
            while (true)
            {
                var remaining = deadline - DateTime.UtcNow;
                DomainLifecycleEvent? e = null;
                bool got = remaining > TimeSpan.Zero && _events.TryTake(out e, remaining);
                Assert.True(got, $"No {last} event for {uuid} within {Wait}; got [{string.Join(", ", mine.Select(m => m.Type))}].");

                if (e!.Uuid != uuid)
                {
                    continue;
                }

                mine.Add(e);
                if (e.Type == last)
                {
                    return mine;
                }
            }
        }
    }
}
