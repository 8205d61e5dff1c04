using System.Globalization;
using System.Net.Http.Headers;
using Kumo.Network.Rpc;
using Kumo.Objects.Metadata;
using Microsoft.AspNetCore.Http;

namespace Kumo.Network.Agent.Metadata;

/// <summary>
/// Neutron's metadata agent half: sends a guest's request on to the metadata service with the port's
/// instance and project and their signature (whatever X-Instance-* the guest sent is dropped, so a
/// guest can only ever be itself), and copies the answer back.
/// </summary>
public sealed class MetadataForwarder(HttpClient client, Uri metadataUrl, string sharedSecret)
{
    /// <summary>The request headers a guest may pass on; everything else (its X-Instance-ID above all) stays behind.</summary>
    private static readonly string[] PassedHeaders = ["Accept", "User-Agent"];

    /// <summary>The metadata service answers from the database in milliseconds; 10 s means it is down.</summary>
    private static readonly TimeSpan ForwardTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The agent's forwarder: to NetworkAgent:MetadataUrl (this host's metadata service, or another
    /// host's in multi-host mode), signing with NetworkAgent:MetadataProxySharedSecret; null when the
    /// proxies are off or no metadata service is known.
    /// </summary>
    /// <param name="handler">How to reach the service instead of HTTP to the URL (tests: its test server).</param>
    public static MetadataForwarder? Create(NetworkAgentOptions options, Func<HttpMessageHandler>? handler = null)
    {
        if (!options.EnableIsolatedMetadata || (options.MetadataUrl.Length == 0 && handler is null))
        {
            return null;
        }
        var url = new Uri(options.MetadataUrl.Length > 0 ? options.MetadataUrl.TrimEnd('/') + "/" : "http://metadata.invalid/");
        var client = new HttpClient(handler?.Invoke() ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new MetadataForwarder(client, url, options.MetadataProxySharedSecret);
    }

    public async Task ForwardAsync(HttpContext http, DhcpHost port, string remoteAddress, Guid networkId)
    {
        var target = new Uri(metadataUrl, http.Request.Path.Value + http.Request.QueryString.Value);
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), target);
        foreach (var name in PassedHeaders)
        {
            if (http.Request.Headers.TryGetValue(name, out var value))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
            }
        }
        request.Headers.Add(MetadataProxyHeaders.ForwardedFor, remoteAddress);
        request.Headers.Add(MetadataProxyHeaders.InstanceId, port.DeviceId);
        request.Headers.Add(MetadataProxyHeaders.TenantId, port.ProjectId);
        request.Headers.Add(MetadataProxyHeaders.Signature, MetadataProxyHeaders.Sign(sharedSecret, port.DeviceId));
        request.Headers.Add(MetadataProxyHeaders.NetworkId, networkId.ToString("D"));
        if (HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method))
        {
            var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            request.Content = new ByteArrayContent(body.ToArray());
            if (http.Request.ContentType is { } contentType)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }
        // Not RequestAborted: a guest that closes its sending side once its request is out (busybox nc)
        // fires it, and under load the answer was dropped before it was written. A deadline instead.
        using var deadline = new CancellationTokenSource(ForwardTimeout);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        http.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            http.Response.ContentType = type.ToString();
        }
        var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token);
        http.Response.ContentLength = bytes.Length;
        http.Response.Headers["X-Kumo-Metadata-Proxy"] = networkId.ToString("D", CultureInfo.InvariantCulture);
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
