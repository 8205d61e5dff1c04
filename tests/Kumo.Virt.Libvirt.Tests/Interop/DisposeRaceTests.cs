using Kumo.Virt.Libvirt.Host;

namespace Kumo.Virt.Libvirt.Tests.Interop;

public sealed class DisposeRaceTests
{
    [Fact]
    public void Regression_a_lookup_racing_dispose_reported_an_error_without_a_libvirt_code()
    {
        var meaningless = 0;
        using var barrier = new Barrier(2);
        for (var round = 0; round < 5000; round++)
        {
            var connection = LibvirtConnection.Open(TestDomains.Uri);
            var lookup = new Thread(() =>
            {
                barrier.SignalAndWait();
                try
                {
                    connection.LookupByName("no-such-domain").Dispose();
                }
                catch (LibvirtException ex) when (ex.LibvirtCode == 0)
                {
                    Interlocked.Increment(ref meaningless);
                }
                catch (Exception ex) when (ex is LibvirtException or ObjectDisposedException)
                {
                    // Domain not found, or disposed before the call: both are honest answers.
                }
            });
            lookup.Start();
            barrier.SignalAndWait();
            connection.Dispose();
            lookup.Join();
        }
        Assert.Equal(0, meaningless);
    }
}
