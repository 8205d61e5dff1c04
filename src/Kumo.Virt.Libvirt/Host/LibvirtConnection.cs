using Kumo.Virt.Libvirt.Interop;

namespace Kumo.Virt.Libvirt.Host;

/// <summary>
/// A libvirt connection (virConnectPtr). Safe to use from many threads at once: libvirt connections
/// are thread-safe and each call reads its error on its own thread. Dispose closes it; a call racing
/// with Dispose either completes first or gets an <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed partial class LibvirtConnection : IDisposable
{
    private readonly SafeConnectHandle _handle;

    private LibvirtConnection(SafeConnectHandle handle, string uri, bool eventLoopRunning)
    {
        _handle = handle;
        Uri = uri;
        _eventLoopRunning = eventLoopRunning;
    }

    /// <summary>
    /// Opens <paramref name="uri"/> (qemu:///system, test:///default, …). To receive events, call
    /// <see cref="LibvirtEventLoop.EnsureStarted"/> first: libvirt binds a connection to the event
    /// implementation registered when it is opened.
    /// </summary>
    public static LibvirtConnection Open(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        bool eventLoopRunning = LibvirtEventLoop.IsStarted;
        SafeConnectHandle handle = LibvirtError.Check(LibvirtNative.virConnectOpen(uri));
        return new LibvirtConnection(handle, uri, eventLoopRunning);
    }

    /// <summary>
    /// False once the transport to the daemon broke (libvirtd restarted or died): such a connection
    /// never recovers and must be replaced. A local check, no round trip.
    /// </summary>
    public bool IsAlive => LibvirtNative.virConnectIsAlive(_handle) == 1;

    /// <summary>
    /// Sends a keepalive after <paramref name="intervalSeconds"/> of silence from the daemon and closes the
    /// connection when <paramref name="count"/> go unanswered: a daemon that hangs (or a socket nobody reads)
    /// then fails the calls waiting on it, as one that exited does, instead of holding them in poll() for
    /// ever. Needs the event loop (<see cref="LibvirtEventLoop"/>) running before the connection was opened.
    /// </summary>
    /// <returns>False when the connection does not support keepalive (a local driver such as test:///, an old daemon).</returns>
    public bool SetKeepAlive(int intervalSeconds, uint count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalSeconds);
        if (!_eventLoopRunning)
        {
            throw new InvalidOperationException("Keepalive needs the libvirt event loop started before the connection was opened.");
        }
        var started = LibvirtNative.virConnectSetKeepAlive(_handle, intervalSeconds, count);
        if (started < 0 && LibvirtError.Last() is var error && error.ErrorCode != LibvirtErrorCode.NoSupport)
        {
            throw error;
        }
        return started == 0;
    }

    /// <summary>The URI this connection was opened with.</summary>
    public string Uri { get; }

    /// <summary>
    /// The libvirt library version on the daemon side (virConnectGetLibVersion), in libvirt's encoding
    /// major * 1,000,000 + minor * 1,000 + release — the integer Nova reports and compares against.
    /// </summary>
    public ulong LibVersion
    {
        get
        {
            LibvirtError.Check(LibvirtNative.virConnectGetLibVersion(_handle, out var version));
            return version.Value;
        }
    }

    /// <summary>The hypervisor's version, e.g. QEMU's (virConnectGetVersion), encoded as <see cref="LibVersion"/>.</summary>
    public ulong HypervisorVersion
    {
        get
        {
            LibvirtError.Check(LibvirtNative.virConnectGetVersion(_handle, out var version));
            return version.Value;
        }
    }

    /// <summary>The host name of the hypervisor's machine.</summary>
    public string Hostname => LibvirtError.Check(LibvirtNative.virConnectGetHostname(_handle));

    /// <summary>The driver name: "QEMU", "TEST", …</summary>
    public string HypervisorType => LibvirtError.Check(LibvirtNative.virConnectGetType(_handle));

    internal SafeConnectHandle Handle => _handle;

    public unsafe NodeInfo GetNodeInfo()
    {
        LibvirtError.Check(LibvirtNative.virNodeGetInfo(_handle, out VirNodeInfo info));
        var model = new ReadOnlySpan<byte>(info.Model, 32);
        int end = model.IndexOf((byte)0);
        return new NodeInfo(
            System.Text.Encoding.UTF8.GetString(end < 0 ? model : model[..end]),
            info.Memory.Value,
            info.Cpus,
            info.Mhz,
            info.Nodes,
            info.Sockets,
            info.Cores,
            info.Threads);
    }

    /// <summary>Defines (or redefines, same UUID) a persistent domain; it stays shut off.</summary>
    public LibvirtDomain DefineXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return new LibvirtDomain(LibvirtError.Check(LibvirtNative.virDomainDefineXML(_handle, xml)));
    }

    public LibvirtDomain DefineXml(string xml, DomainDefineFlags flags)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return new LibvirtDomain(LibvirtError.Check(LibvirtNative.virDomainDefineXMLFlags(_handle, xml, (uint)flags)));
    }

    /// <exception cref="LibvirtException">With <see cref="LibvirtException.IsNotFound"/> if there is no such domain.</exception>
    public LibvirtDomain LookupByUuid(Guid uuid) =>
        new(LibvirtError.Check(LibvirtNative.virDomainLookupByUUIDString(_handle, uuid.ToString("D"))));

    /// <summary>Null if there is no such domain; any other failure throws.</summary>
    public LibvirtDomain? TryLookupByUuid(Guid uuid)
    {
        SafeDomainHandle? handle = LibvirtError.CheckFound(LibvirtNative.virDomainLookupByUUIDString(_handle, uuid.ToString("D")));
        return handle is null ? null : new LibvirtDomain(handle);
    }

    /// <exception cref="LibvirtException">With <see cref="LibvirtException.IsNotFound"/> if there is no such domain.</exception>
    public LibvirtDomain LookupByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new LibvirtDomain(LibvirtError.Check(LibvirtNative.virDomainLookupByName(_handle, name)));
    }

    /// <summary>Every domain matching <paramref name="flags"/> (None: all). Dispose each one.</summary>
    public IReadOnlyList<LibvirtDomain> ListAllDomains(ListDomainsFlags flags = ListDomainsFlags.None) =>
        Array.ConvertAll(DomainList.ListAll(_handle, (uint)flags), handle => new LibvirtDomain(handle));

    /// <summary>Deregisters remaining event handlers, then closes the connection.</summary>
    public void Dispose()
    {
        // Deregister first: each registration holds a reference on the connection, which would
        // otherwise survive virConnectClose (it returns 1 and the connection leaks).
        DeregisterAllEvents();
        _handle.Dispose();
    }

    public override string ToString() => Uri;
}
