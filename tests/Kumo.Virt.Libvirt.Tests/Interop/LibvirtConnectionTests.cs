using Kumo.Virt.Libvirt.Host;

namespace Kumo.Virt.Libvirt.Tests.Interop;

public sealed class LibvirtConnectionTests
{
    [Fact]
    public void Open_reports_the_test_driver_and_its_versions()
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);

        Assert.Equal(TestDomains.Uri, connection.Uri);
        Assert.Equal("TEST", connection.HypervisorType);
        // The test driver reports hypervisor version 0.0.2 (encoded: 2); the library is the installed
        // libvirt, 9.0.0 = 9000000 here — at least 6.0 anywhere this runs.
        Assert.Equal(2UL, connection.HypervisorVersion);
        Assert.InRange(connection.LibVersion, 6_000_000UL, 99_999_999UL);
        Assert.Equal(System.Net.Dns.GetHostName(), connection.Hostname);
    }

    [Fact]
    public void GetNodeInfo_returns_the_test_drivers_fixed_host()
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);

        // test:///default's built-in node (src/test/test_driver.c): 2 NUMA cells × 2 sockets × 2 cores × 2 threads.
        Assert.Equal(new NodeInfo("i686", 3145728, 16, 1400, 2, 2, 2, 2), connection.GetNodeInfo());
    }

    [Fact]
    public void Open_with_an_unknown_scheme_throws_a_non_transient_LibvirtException()
    {
        var error = Assert.Throws<LibvirtException>(() => LibvirtConnection.Open("nosuchdriver:///x"));

        Assert.Equal(LibvirtErrorCode.NoConnect, error.ErrorCode);
        Assert.False(error.IsTransient);
        Assert.Contains("nosuchdriver:///x", error.Message);
    }

    [Fact]
    public void Open_against_an_unreachable_daemon_is_transient()
    {
        // Port 1 on loopback refuses at once: the remote driver's "unable to connect to server".
        var error = Assert.Throws<LibvirtException>(() => LibvirtConnection.Open("qemu+tcp://127.0.0.1:1/system"));

        Assert.Equal(LibvirtErrorCode.SystemError, error.ErrorCode);
        Assert.Equal(LibvirtErrorDomain.Rpc, error.ErrorDomainKind);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void Calls_after_Dispose_throw_ObjectDisposedException()
    {
        var connection = LibvirtConnection.Open(TestDomains.Uri);
        connection.Dispose();
        connection.Dispose();

        Assert.Throws<ObjectDisposedException>(() => connection.LookupByName(TestDomains.BuiltInName));
    }
}
