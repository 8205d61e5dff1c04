namespace Kumo.Common.Processes;

/// <summary>What a finished host command produced.</summary>
public sealed record CommandResult(int ExitCode, string StdOut, string StdErr, TimeSpan Duration)
{
    public static CommandResult Success(string stdOut = "") => new(0, stdOut, "", TimeSpan.Zero);

    public static CommandResult Failure(int exitCode, string stdErr) => new(exitCode, "", stdErr, TimeSpan.Zero);

    /// <summary>Applies <see cref="CommandSpec.CheckExitCode"/>: every runner fails the same way.</summary>
    public CommandResult EnsureSuccess(CommandSpec spec) =>
        spec.CheckExitCode && ExitCode != 0 ? throw HostCommandException.Failed(spec, this) : this;
}
