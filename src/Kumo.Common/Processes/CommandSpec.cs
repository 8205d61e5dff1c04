namespace Kumo.Common.Processes;

/// <summary>
/// One host command: a program and its arguments, passed to the program as a list and never through a
/// shell, so an image path or a port id can never be read as shell syntax.
/// </summary>
public sealed record CommandSpec
{
    public CommandSpec(string fileName, params IReadOnlyList<string> arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        FileName = fileName;
        Arguments = arguments;
    }

    public string FileName { get; }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Written to the command's stdin, which is then closed (iptables-restore reads its rules there).</summary>
    public string? StandardInput { get; init; }

    /// <summary>After this the command's whole process tree is killed and the run fails.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Each of stdout and stderr is kept up to this many characters (1 Mi); the rest is read and
    /// dropped. Nothing Kumo parses is near it (qemu-img info's JSON is a few hundred bytes).
    /// </summary>
    public int MaxOutputChars { get; init; } = 1 << 20;

    /// <summary>When true a non-zero exit code throws <see cref="HostCommandException"/>; when false the caller reads it.</summary>
    public bool CheckExitCode { get; init; } = true;

    /// <summary>The command as a person would type it, for logs and error messages (not for execution).</summary>
    public string CommandLine =>
        Arguments.Count == 0 ? FileName : $"{FileName} {string.Join(' ', Arguments.Select(Quote))}";

    public override string ToString() => CommandLine;

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '\\' or '$' or '`')
            ? argument
            : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
