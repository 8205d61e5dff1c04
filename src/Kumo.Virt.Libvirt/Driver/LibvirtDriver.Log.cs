using Kumo.Virt.Libvirt.Config;
using Microsoft.Extensions.Logging;

namespace Kumo.Virt.Libvirt.Driver;

public sealed partial class LibvirtDriver
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Connected to {Uri} (libvirt {LibVersion}), guests run as {VirtType}")]
    private partial void LogConnected(string uri, string libVersion, VirtType virtType);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Error defining a domain for instance {InstanceUuid}: {LibvirtMessage}; XML: {Xml}")]
    private partial void LogDefineFailed(Guid instanceUuid, string libvirtMessage, string xml);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Error launching a defined domain for instance {InstanceUuid}: {LibvirtMessage}; XML: {Xml}")]
    private partial void LogCreateFailed(Guid instanceUuid, string libvirtMessage, string xml);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Undo of '{What}' failed for instance {InstanceUuid}")]
    private partial void LogUndoFailed(Guid instanceUuid, string what, Exception ex);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Instance {InstanceUuid} did not shut down within {Seconds} s of the soft reboot's ACPI request; rebooting hard")]
    private partial void LogSoftRebootFellBack(Guid instanceUuid, int seconds);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "Created config drive {Path} for instance {InstanceUuid}")]
    private partial void LogConfigDriveCreated(Guid instanceUuid, string path);
}
