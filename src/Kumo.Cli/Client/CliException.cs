namespace Kumo.Cli.Client;

/// <summary>A failure the user can act on, printed as one line on stderr with a non-zero exit (no stack trace).</summary>
public class CliException(string message) : Exception(message);

/// <summary>An error answer of the API: its status, the service's own message and the request id.</summary>
public sealed class ApiErrorException(int status, string message, string? requestId)
    : CliException(requestId is null ? $"{message} (HTTP {status})" : $"{message} (HTTP {status}) (Request-ID: {requestId})")
{
    public int Status { get; } = status;
}
