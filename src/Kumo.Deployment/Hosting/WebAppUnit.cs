using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// A unit that serves one web application on a listener of its own (the API, the dashboard, the
/// metadata service): the unit builds and starts it, this stops and disposes it with the host.
/// </summary>
public abstract class WebAppUnit : IHostedService, IAsyncDisposable
{
    /// <summary>The running application; null before start, when the unit is disabled, and after disposal.</summary>
    public WebApplication? App { get; private set; }

    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Starts <paramref name="app"/> as this unit's application (kept first, so a failed start is still disposed).</summary>
    protected async Task ServeAsync(WebApplication app, CancellationToken cancellationToken)
    {
        App = app;
        await app.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (App is not null)
        {
            await App.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
            App = null;
        }
        GC.SuppressFinalize(this);
    }
}
