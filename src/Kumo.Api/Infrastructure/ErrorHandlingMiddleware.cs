using System.Text.Json;
using Kumo.Objects.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Kumo.Api.Infrastructure;

/// <summary>
/// Turns every failure into the answering service's error body (one place, as Nova's FaultWrapper):
/// <see cref="ApiException"/> as it is, Kumo's typed errors by their code, malformed bodies as 400,
/// anything else as a 500 that names the request id and is logged with its stack (never shown).
/// Unrouted paths (404/405 with no body) get the same shapes.
/// </summary>
public sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
            if (http.Response.StatusCode is 404 or 405 && !http.Response.HasStarted && http.GetEndpoint() is null)
            {
                var message = http.Response.StatusCode == 404 ? "The resource could not be found." : "The method is not allowed for this resource.";
                await WriteAsync(http, http.Response.StatusCode, message, null, null);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody to answer.
        }
        catch (Exception ex)
        {
            var (status, message, headers) = Describe(ex);
            if (status >= 500)
            {
                LogUnexpected(ex, http.Request.Method, http.Request.Path, RequestIds.Get(http));
                if (ex is not KumoException)
                {
                    message = $"Unexpected API Error. Report it with the request id {RequestIds.Get(http)}: {ex.GetType().Name}.";
                }
            }
            if (http.Response.HasStarted)
            {
                throw;
            }
            http.Response.Clear();
            await WriteAsync(http, status, message, headers, TypeOf(ex));
        }
    }

    private static (int Status, string Message, IReadOnlyDictionary<string, string>? Headers) Describe(Exception ex) => ex switch
    {
        ApiException api => (api.Status, api.Message, api.Headers),
        KumoException kumo => (kumo.Code, kumo.Message, null),
        JsonException json => (400, JsonBody.Describe(json), null),
        BadHttpRequestException bad => (bad.StatusCode, bad.Message, null),
        _ => (500, ex.Message, null),
    };

    /// <summary>Neutron's error type: the typed error's class name without "Exception" (NetworkNotFound); null: from the status.</summary>
    private static string? TypeOf(Exception ex) =>
        ex is KumoException && ex.GetType().Name is var name && name.EndsWith("Exception", StringComparison.Ordinal) ? name[..^"Exception".Length] : null;

    private static async Task WriteAsync(HttpContext http, int status, string message, IReadOnlyDictionary<string, string>? headers, string? neutronType)
    {
        var style = http.GetEndpoint()?.Metadata.GetMetadata<ErrorStyleMetadata>()?.Style ?? ErrorBodies.StyleForPath(http.Request.PathBase + http.Request.Path);
        http.Response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[name] = value;
        }
        if (http.Request.Method == HttpMethods.Head || status == 204)
        {
            return;
        }
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(ErrorBodies.Create(style, status, message, neutronType).ToJsonString());
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Unexpected error in {Method} {Path} ({RequestId})")]
    private partial void LogUnexpected(Exception ex, string method, string path, string requestId);
}

/// <summary>Endpoint metadata naming the service whose error shape a route group uses.</summary>
public sealed record ErrorStyleMetadata(ErrorStyle Style);

public static class ErrorStyleExtensions
{
    public static TBuilder WithErrorStyle<TBuilder>(this TBuilder builder, ErrorStyle style) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ErrorStyleMetadata(style));
}
