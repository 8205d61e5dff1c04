using Kumo.Objects.Errors;

namespace Kumo.Virt.Libvirt.Host;

/// <summary>
/// A libvirt call failed. Carries libvirt's own error number and domain; <see cref="KumoException.Code"/>
/// stays 500 because a libvirt failure is ours, not the API user's.
/// </summary>
public sealed class LibvirtException : KumoException
{
    public LibvirtException(int libvirtCode, int errorDomain, string libvirtMessage)
        : base($"libvirt error {libvirtCode} (domain {errorDomain}): {libvirtMessage}")
    {
        LibvirtCode = libvirtCode;
        ErrorDomain = errorDomain;
        LibvirtMessage = libvirtMessage;
    }

    public override int Code => 500;

    /// <summary>libvirt's virErrorNumber.</summary>
    public int LibvirtCode { get; }

    /// <summary><see cref="LibvirtCode"/> as the enum; values not named there show as numbers.</summary>
    public LibvirtErrorCode ErrorCode => (LibvirtErrorCode)LibvirtCode;

    /// <summary>libvirt's virErrorDomain: which part of libvirt raised the error.</summary>
    public int ErrorDomain { get; }

    /// <summary><see cref="ErrorDomain"/> as the enum; values not named there show as numbers.</summary>
    public LibvirtErrorDomain ErrorDomainKind => (LibvirtErrorDomain)ErrorDomain;

    /// <summary>libvirt's message as it gave it, e.g. "Domain not found: no domain with matching uuid '…'".</summary>
    public string LibvirtMessage { get; }

    /// <summary>The domain does not exist (any more): VIR_ERR_NO_DOMAIN.</summary>
    public bool IsNotFound => ErrorCode == LibvirtErrorCode.NoDomain;

    /// <summary>
    /// Retrying (after reconnecting) may succeed: RPC failures, timeouts, and — as Nova's host.py treats
    /// them — system, internal and no-connection errors raised by the RPC/remote layers, which is how a
    /// down daemon or a dropped connection reports ("Cannot write data: Broken pipe", "client socket is
    /// closed", "unable to connect to server"). The same codes from elsewhere are not transient: a system
    /// error from a driver (a missing file), or code 5 from domain 0 for a URI no driver accepts.
    /// </summary>
    public bool IsTransient => ErrorCode switch
    {
        LibvirtErrorCode.Rpc or LibvirtErrorCode.OperationTimeout => true,
        LibvirtErrorCode.SystemError or LibvirtErrorCode.InternalError or LibvirtErrorCode.NoConnect =>
            ErrorDomainKind is LibvirtErrorDomain.Rpc or LibvirtErrorDomain.Remote,
        _ => false,
    };
}
