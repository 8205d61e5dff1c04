using Kumo.Db;
using Kumo.Objects.Metadata;
using Kumo.Objects.Network;
using Kumo.Virt.ConfigDrive;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Kumo.Api.Metadata;

/// <summary>
/// Nova's MetadataRequestHandler with service_metadata_proxy on: "/" lists the versions; any other
/// path needs X-Instance-ID and X-Tenant-ID (else 400) and X-Instance-ID-Signature matching the shared
/// secret (else 403), and an instance of that project (else 404). The answer is the instance's
/// metadata built by the config drive's code, without injected files or admin password (Nova's
/// service has neither: they exist only while the instance spawns); the password path is
/// <see cref="MetadataPasswordHandler"/>'s.
/// </summary>
public sealed partial class MetadataRequestHandler(MetadataOptions options, KumoStores stores, ILogger<MetadataRequestHandler> logger)
{
    private readonly MetadataPasswordHandler _password = new(stores.InstanceSystemMetadata, logger);

    public async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        if (path.Trim('/').Length == 0)
        {
            await WriteAsync(http, MetadataTree.RootListing());
            return;
        }
        var headers = http.Request.Headers;
        var instanceId = headers[MetadataProxyHeaders.InstanceId];
        var tenantId = headers[MetadataProxyHeaders.TenantId];
        if (HeaderProblem(instanceId, tenantId) is { } problem)
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, problem);
            return;
        }
        if (!MetadataProxyHeaders.Verify(options.ProxySharedSecret, instanceId.ToString(), headers[MetadataProxyHeaders.Signature].ToString()))
        {
            LogBadSignature(logger, instanceId.ToString(), headers[MetadataProxyHeaders.ForwardedFor].ToString());
            await ErrorAsync(http, StatusCodes.Status403Forbidden, "Invalid proxy request signature.");
            return;
        }
        var metadata = await LoadAsync(instanceId.ToString(), tenantId.ToString(), http.RequestAborted);
        if (metadata is null || MetadataTree.Lookup(metadata, path) is not { } item)
        {
            await ErrorAsync(http, StatusCodes.Status404NotFound, "The resource could not be found.");
            return;
        }
        if (item.IsPassword)
        {
            await _password.HandleAsync(http, metadata.Instance.Uuid);
            return;
        }
        await WriteAsync(http, item);
    }

    private static string? HeaderProblem(StringValues instanceId, StringValues tenantId) =>
        instanceId.Count == 0 ? "X-Instance-ID header is missing from request."
        : tenantId.Count == 0 ? "X-Tenant-ID header is missing from request."
        : instanceId.Count > 1 ? "Multiple X-Instance-ID headers found within request."
        : tenantId.Count > 1 ? "Multiple X-Tenant-ID headers found within request."
        : null;

    /// <summary>The instance of that id in that project, with its network info cache; null: unknown, deleted or another project's.</summary>
    private async Task<InstanceMetadata?> LoadAsync(string instanceId, string tenantId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(instanceId, out var uuid) || await stores.Instances.TryGetAsync(uuid, cancellationToken: cancellationToken) is not { } instance)
        {
            LogUnknownInstance(logger, instanceId);
            return null;
        }
        if (instance.ProjectId != tenantId)
        {
            LogTenantMismatch(logger, tenantId, instanceId);
            return null;
        }
        var network = await stores.InstanceInfoCaches.GetAsync(uuid, cancellationToken) ?? NetworkInfo.Empty;
        return new InstanceMetadata(instance, network, [], adminPassword: null) { DhcpDomain = options.DhcpDomain };
    }

    internal static Task WriteAsync(HttpContext http, MetadataItem item)
    {
        http.Response.ContentType = item.ContentType;
        http.Response.ContentLength = item.Body.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.Body.WriteAsync(item.Body, http.RequestAborted).AsTask();
    }

    /// <summary>webob's plain-text error page: the status line, then the explanation.</summary>
    internal static Task ErrorAsync(HttpContext http, int status, string explanation)
    {
        http.Response.StatusCode = status;
        var reason = ReasonPhrases.GetReasonPhrase(status);
        return WriteAsync(http, MetadataItem.Text($"{status} {reason}\n\n{explanation}\n\n   "));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "X-Instance-ID-Signature does not match for instance {InstanceId} (request from {RemoteAddress})")]
    private static partial void LogBadSignature(ILogger logger, string instanceId, string remoteAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metadata asked for instance {InstanceId}, which does not exist")]
    private static partial void LogUnknownInstance(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId} does not match the project of instance {InstanceId}")]
    private static partial void LogTenantMismatch(ILogger logger, string tenantId, string instanceId);
}
