namespace Kumo.Dashboard.Client;

/// <summary>An error answer of the API: its status, the service's own message and the request id.</summary>
public sealed class ApiError(int status, string message, string? requestId) : Exception(message)
{
    public int Status { get; } = status;

    public string? RequestId { get; } = requestId;
}
