namespace Kumo.Cli.Client;

/// <summary>An error answer of the API: its status, the service's own message and the request id.</summary>
public sealed class ApiErrorException(int status, string message, string? requestId)
    : CliException(requestId is null ? $"{message} (HTTP {status})" : $"{message} (HTTP {status}) (Request-ID: {requestId})")
{
    public int Status { get; } = status;
}
