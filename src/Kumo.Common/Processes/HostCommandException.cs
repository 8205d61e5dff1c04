namespace Kumo.Common.Processes;

/// <summary>
/// A host command failed, timed out or could not start. Kumo.Common sits below Kumo.Objects, so this is
/// a plain exception; callers that need a <c>KumoException</c> wrap it with their own context.
/// </summary>
public sealed class HostCommandException : Exception
{
    private HostCommandException(string command, int? exitCode, string stdErr, bool timedOut, string message, Exception? inner = null)
        : base(message, inner)
    {
        Command = command;
        ExitCode = exitCode;
        StdErr = stdErr;
        TimedOut = timedOut;
    }

    /// <summary>The command line, quoted for reading.</summary>
    public string Command { get; }

    /// <summary>Null when the command never exited by itself (timeout, could not start).</summary>
    public int? ExitCode { get; }

    public string StdErr { get; }

    public bool TimedOut { get; }

    public static HostCommandException Failed(CommandSpec spec, CommandResult result) =>
        new(spec.CommandLine, result.ExitCode, result.StdErr, timedOut: false,
            $"Command '{spec.CommandLine}' failed with exit code {result.ExitCode}: {result.StdErr.Trim()}");

    public static HostCommandException Timeout(CommandSpec spec, string stdErr) =>
        new(spec.CommandLine, exitCode: null, stdErr, timedOut: true,
            $"Command '{spec.CommandLine}' timed out after {spec.Timeout.TotalSeconds:0.###} s and was killed: {stdErr.Trim()}");

    public static HostCommandException CouldNotStart(CommandSpec spec, Exception inner) =>
        new(spec.CommandLine, exitCode: null, "", timedOut: false,
            $"Command '{spec.CommandLine}' could not be started: {inner.Message}", inner);
}
