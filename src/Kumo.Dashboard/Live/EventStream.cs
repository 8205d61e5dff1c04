using System.Text;
using Microsoft.AspNetCore.Http;

namespace Kumo.Dashboard.Live;

/// <summary>Server-Sent Events on a response: the headers, one event per message, a comment as keep-alive.</summary>
public sealed class EventStream(HttpResponse response)
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        // Proxies that buffer (nginx) would hold the events back.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task SendAsync(LiveEvent message, CancellationToken cancellationToken)
    {
        // The data is one line of JSON (no raw newlines), so one data: field carries it.
        await response.WriteAsync($"event: {message.Kind}\ndata: {message.Data}\n\n", Encoding.UTF8, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        await response.WriteAsync(": keep-alive\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
