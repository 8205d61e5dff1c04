namespace Kumo.Api.Infrastructure;

/// <summary>
/// An error the API answers with as it is: the status code and the message the client sees, in the
/// body shape of the service that raised it (see <see cref="ErrorStyle"/>).
/// </summary>
public sealed class ApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>Extra response headers (WWW-Authenticate on a 401, Retry-After, ...).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static ApiException BadRequest(string message) => new(400, message);

    public static ApiException NotFound(string message) => new(404, message);

    public static ApiException Forbidden(string message) => new(403, message);

    public static ApiException Conflict(string message) => new(409, message);
}
