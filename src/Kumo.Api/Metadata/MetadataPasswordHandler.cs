using System.Text;
using Kumo.Db.Stores;
using Kumo.Objects.Instances;
using Kumo.Virt.ConfigDrive;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kumo.Api.Metadata;

/// <summary>
/// /openstack/&lt;version&gt;/password (Nova's password.py): GET gives what the guest posted, empty
/// when nothing is stored; POST stores the body once (a second POST while one is stored is 409, a
/// body over 1020 bytes is 400), in the instance's system metadata, where the compute API's
/// os-server-password shows and clears it.
/// </summary>
internal sealed partial class MetadataPasswordHandler(IInstanceSystemMetadataStore systemMetadata, ILogger logger)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task HandleAsync(HttpContext http, Guid instanceUuid)
    {
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            var stored = InstancePassword.Extract(await systemMetadata.GetAsync(instanceUuid, http.RequestAborted));
            await MetadataRequestHandler.WriteAsync(http, MetadataItem.Text(stored ?? ""));
            return;
        }
        if (!HttpMethods.IsPost(method))
        {
            await MetadataRequestHandler.ErrorAsync(http, StatusCodes.Status400BadRequest, "GET and POST only are supported.");
            return;
        }
        // Nova answers a conflict before it looks at the body.
        if (InstancePassword.Extract(await systemMetadata.GetAsync(instanceUuid, http.RequestAborted)) is not null)
        {
            await ConflictAsync(http, instanceUuid);
            return;
        }
        if (await ReadPasswordAsync(http) is not { } password)
        {
            return;
        }
        if (!await systemMetadata.TryUpdateWhileEmptyAsync(instanceUuid, InstancePassword.FirstKey, InstancePassword.ToSystemMetadata(password), http.RequestAborted))
        {
            await ConflictAsync(http, instanceUuid);
            return;
        }
        LogStored(logger, instanceUuid, password.Length);
        await MetadataRequestHandler.WriteAsync(http, MetadataItem.Text(""));
    }

    /// <summary>The body as text, or null with the 400 already written (too large, not UTF-8).</summary>
    private static async Task<string?> ReadPasswordAsync(HttpContext http)
    {
        if (http.Request.ContentLength > InstancePassword.MaxSize)
        {
            await MetadataRequestHandler.ErrorAsync(http, StatusCodes.Status400BadRequest, "Request is too large.");
            return null;
        }
        // One byte past the limit is enough to know the body is too large (chunked bodies carry no length).
        var buffer = new byte[InstancePassword.MaxSize + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), http.RequestAborted)) > 0)
        {
            length += read;
        }
        if (length > InstancePassword.MaxSize)
        {
            await MetadataRequestHandler.ErrorAsync(http, StatusCodes.Status400BadRequest, "Request is too large.");
            return null;
        }
        try
        {
            return StrictUtf8.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            await MetadataRequestHandler.ErrorAsync(http, StatusCodes.Status400BadRequest, "The password must be UTF-8 text (the guest posts it base64-encoded).");
            return null;
        }
    }

    private Task ConflictAsync(HttpContext http, Guid instanceUuid)
    {
        LogConflict(logger, instanceUuid);
        return MetadataRequestHandler.ErrorAsync(http, StatusCodes.Status409Conflict,
            "A password is already stored for this instance; it can be cleared with DELETE /servers/{server_id}/os-server-password.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored the password instance {InstanceUuid} posted ({Length} characters)")]
    private static partial void LogStored(ILogger logger, Guid instanceUuid, int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {InstanceUuid} posted a password while one is stored (409)")]
    private static partial void LogConflict(ILogger logger, Guid instanceUuid);
}
