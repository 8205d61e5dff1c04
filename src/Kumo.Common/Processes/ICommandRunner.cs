namespace Kumo.Common.Processes;

/// <summary>
/// The one way Kumo runs host commands (qemu-img, ip, ovs-vsctl, iptables-restore, dnsmasq): logged,
/// bounded by a timeout, stderr captured into the exception, and replaceable by
/// <see cref="RecordingCommandRunner"/> in tests.
/// </summary>
public interface ICommandRunner
{
    /// <summary>
    /// Runs the command to completion. Throws <see cref="HostCommandException"/> on a non-zero exit (when
    /// <see cref="CommandSpec.CheckExitCode"/>), on timeout, or when it cannot start; throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires. In both
    /// of the latter cases the command's process tree has been killed.
    /// </summary>
    Task<CommandResult> RunAsync(CommandSpec spec, CancellationToken cancellationToken = default);
}
