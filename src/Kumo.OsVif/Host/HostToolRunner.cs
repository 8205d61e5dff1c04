using Kumo.Common.Processes;

namespace Kumo.OsVif.Host;

/// <summary>
/// Runs the networking tools through the one <see cref="ICommandRunner"/>, with short timeouts (these
/// commands answer in milliseconds; a hung ovs-vsctl must not hang a build) and the output capped so a
/// runaway listing cannot fill memory or a log line. Failures carry the command's stderr
/// (<see cref="HostCommandException"/>).
/// </summary>
public sealed class HostToolRunner(ICommandRunner runner)
{
    /// <summary>iptables-save of a host with a few hundred ports is ~100 KiB; 4 MiB is far beyond that.</summary>
    public const int MaxOutputChars = 4 * 1024 * 1024;

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public async Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? standardInput = null)
    {
        var spec = new CommandSpec(tool, arguments) { StandardInput = standardInput, Timeout = DefaultTimeout };
        var result = await runner.RunAsync(spec, cancellationToken);
        return Cap(result.StdOut);
    }

    /// <summary>Runs without checking the exit code: for probes ("does this device exist?").</summary>
    public async Task<CommandResult> TryRunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var spec = new CommandSpec(tool, arguments) { Timeout = DefaultTimeout, CheckExitCode = false };
        var result = await runner.RunAsync(spec, cancellationToken);
        return result with { StdOut = Cap(result.StdOut), StdErr = Cap(result.StdErr) };
    }

    private static string Cap(string text) => text.Length <= MaxOutputChars ? text : text[..MaxOutputChars];
}
