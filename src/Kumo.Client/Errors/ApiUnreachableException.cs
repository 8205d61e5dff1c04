namespace Kumo.Client.Errors;

/// <summary>No answer at all: the API's listener could not be reached (503, as a proxy in front of it would say).</summary>
public sealed class ApiUnreachableException(Uri url, HttpRequestException inner)
    : OpenStackApiException(503, $"The API at {url.GetLeftPart(UriPartial.Authority)} could not be reached: {inner.Message}", null, inner)
{
    /// <summary>scheme://host:port of the API that did not answer.</summary>
    public string Authority { get; } = url.GetLeftPart(UriPartial.Authority);

    /// <summary>Why, as the socket layer said it ("Connection refused (127.0.0.1:5000)").</summary>
    public string Reason { get; } = inner.Message;
}
