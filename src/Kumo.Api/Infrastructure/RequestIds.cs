using Microsoft.Extensions.Logging;

namespace Kumo.Api.Infrastructure;

/// <summary>
/// Every response carries <c>x-openstack-request-id</c> (Nova's and Glance's header; Keystone's too);
/// compute responses carry it as <c>x-compute-request-id</c> too, as Nova sends both (Tempest reads that
/// one to find a server's instance action); the same id is in every log line of the request (a log scope) and in the instance actions it starts.
/// </summary>
public sealed class RequestIds(RequestDelegate next, ILogger<RequestIds> logger)
{
    public const string Header = "x-openstack-request-id";
    public const string ComputeHeader = "x-compute-request-id";
    private const string ItemKey = "kumo.request_id";

    public async Task InvokeAsync(HttpContext http)
    {
        var id = Kumo.Objects.Context.RequestContext.NewRequestId();
        http.Items[ItemKey] = id;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            if (http.Request.Path.StartsWithSegments(ApiPaths.Compute))
            {
                http.Response.Headers[ComputeHeader] = id;
            }
            return Task.CompletedTask;
        });
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = id }))
        {
            await next(http);
        }
    }

    public static string Get(HttpContext http) => http.Items[ItemKey] as string ?? "req-unknown";
}
