namespace Kumo.Virt.Libvirt.Host;

/// <summary>
/// The commonly met values of libvirt's virErrorNumber (virterror.h); other codes still arrive, as
/// plain numbers. The C name is given on each value.
/// </summary>
public enum LibvirtErrorCode
{
    /// <summary>VIR_ERR_OK: no error recorded (the call failed without reporting one).</summary>
    Ok = 0,
    /// <summary>VIR_ERR_INTERNAL_ERROR.</summary>
    InternalError = 1,
    /// <summary>VIR_ERR_NO_MEMORY.</summary>
    NoMemory = 2,
    /// <summary>VIR_ERR_NO_SUPPORT: the driver does not implement the function.</summary>
    NoSupport = 3,
    /// <summary>VIR_ERR_NO_CONNECT: cannot connect to the hypervisor.</summary>
    NoConnect = 5,
    /// <summary>VIR_ERR_INVALID_CONN.</summary>
    InvalidConnection = 6,
    /// <summary>VIR_ERR_INVALID_DOMAIN.</summary>
    InvalidDomain = 7,
    /// <summary>VIR_ERR_INVALID_ARG.</summary>
    InvalidArgument = 8,
    /// <summary>VIR_ERR_OPERATION_FAILED: a command to the hypervisor failed.</summary>
    OperationFailed = 9,
    /// <summary>VIR_ERR_XML_ERROR: the XML is not well formed or not valid for the object.</summary>
    XmlError = 27,
    /// <summary>VIR_ERR_DOM_EXIST.</summary>
    DomainExists = 28,
    /// <summary>VIR_ERR_OPERATION_DENIED: forbidden on a read-only connection.</summary>
    OperationDenied = 29,
    /// <summary>VIR_ERR_XML_DETAIL: the XML parser's own error (malformed document).</summary>
    XmlDetail = 35,
    /// <summary>VIR_ERR_SYSTEM_ERROR: a system call failed.</summary>
    SystemError = 38,
    /// <summary>VIR_ERR_RPC.</summary>
    Rpc = 39,
    /// <summary>VIR_ERR_NO_DOMAIN: the domain does not exist or disappeared.</summary>
    NoDomain = 42,
    /// <summary>VIR_ERR_AUTH_FAILED.</summary>
    AuthFailed = 45,
    /// <summary>VIR_ERR_OPERATION_INVALID: not applicable in the domain's current state.</summary>
    OperationInvalid = 55,
    /// <summary>VIR_ERR_CONFIG_UNSUPPORTED.</summary>
    ConfigUnsupported = 67,
    /// <summary>VIR_ERR_OPERATION_TIMEOUT (e.g. a domain job lock could not be acquired in time).</summary>
    OperationTimeout = 68,
    /// <summary>VIR_ERR_ARGUMENT_UNSUPPORTED.</summary>
    ArgumentUnsupported = 74,
    /// <summary>VIR_ERR_OPERATION_UNSUPPORTED.</summary>
    OperationUnsupported = 84,
    /// <summary>VIR_ERR_RESOURCE_BUSY.</summary>
    ResourceBusy = 87,
    /// <summary>VIR_ERR_ACCESS_DENIED.</summary>
    AccessDenied = 88,
    /// <summary>VIR_ERR_XML_INVALID_SCHEMA.</summary>
    XmlInvalidSchema = 92,
}

/// <summary>A few values of libvirt's virErrorDomain: which part of libvirt raised the error.</summary>
public enum LibvirtErrorDomain
{
    /// <summary>VIR_FROM_NONE.</summary>
    None = 0,
    /// <summary>VIR_FROM_RPC.</summary>
    Rpc = 7,
    /// <summary>VIR_FROM_QEMU.</summary>
    Qemu = 10,
    /// <summary>VIR_FROM_TEST: the test:/// driver.</summary>
    Test = 12,
    /// <summary>VIR_FROM_REMOTE: the client side of a daemon connection.</summary>
    Remote = 13,
    /// <summary>VIR_FROM_STORAGE.</summary>
    Storage = 18,
    /// <summary>VIR_FROM_DOMAIN: domain XML parsing and validation.</summary>
    Domain = 20,
    /// <summary>VIR_FROM_SECURITY.</summary>
    Security = 24,
    /// <summary>VIR_FROM_EVENT.</summary>
    Event = 40,
}
