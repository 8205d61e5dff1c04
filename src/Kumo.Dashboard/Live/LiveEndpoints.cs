using System.Text.Json;
using Kumo.Client.Errors;
using Kumo.Dashboard.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Dashboard.Live;

/// <summary>The live streams (Server-Sent Events) the pages' script listens to; they need a session like every page.</summary>
public static class LiveEndpoints
{
    private static readonly TimeSpan _keepAlive = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/live/servers", ServersAsync).RequireAuthorization();
        app.MapGet("/live/servers/{id}", ServerAsync).RequireAuthorization();
    }

    private static async Task ServersAsync(HttpContext http, ServerWatches watches)
    {
        var cancellationToken = http.RequestAborted;
        var watch = watches.For(CloudApi.For(http));
        var reader = watch.Subscribe();
        var stream = new EventStream(http.Response);
        try
        {
            await stream.StartAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(_keepAlive);
                try
                {
                    var message = await reader.ReadAsync(wait.Token);
                    await stream.SendAsync(message, cancellationToken);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await stream.KeepAliveAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            watch.Unsubscribe(reader);
        }
    }

    private static async Task ServerAsync(HttpContext http, string id, DashboardOptions options, TimeProvider time)
    {
        var cancellationToken = http.RequestAborted;
        var feed = new ServerDetailFeed(CloudApi.For(http), id);
        var stream = new EventStream(http.Response);
        try
        {
            await stream.StartAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                IReadOnlyList<LiveEvent> events;
                try
                {
                    events = await feed.PollAsync(cancellationToken);
                }
                catch (OpenStackApiException ex)
                {
                    events = [ex.Status == 401 ? new LiveEvent("expired", "{}") : new LiveEvent("failed", JsonSerializer.Serialize(new { message = ex.Message }))];
                }
                foreach (var message in events)
                {
                    await stream.SendAsync(message, cancellationToken);
                }
                if (events.Any(e => e.Kind is "gone" or "expired"))
                {
                    return;
                }
                await Task.Delay(options.PollInterval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
