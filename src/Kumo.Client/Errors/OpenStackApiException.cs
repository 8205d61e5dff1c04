namespace Kumo.Client.Errors;

/// <summary>
/// A call to the API that failed: the HTTP status, the service's own message (from Nova's, Keystone's or
/// Glance's error body) and the request id the service filed it under (x-openstack-request-id), when it said one.
/// </summary>
public class OpenStackApiException(int status, string message, string? requestId, Exception? inner = null) : Exception(message, inner)
{
    public int Status { get; } = status;

    public string? RequestId { get; } = requestId;
}
