namespace Kumo.Cli.Client;

/// <summary>A failure the user can act on, printed as one line on stderr with a non-zero exit (no stack trace).</summary>
public class CliException(string message) : Exception(message);
