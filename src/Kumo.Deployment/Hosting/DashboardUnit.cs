using Kumo.Dashboard;
using Kumo.Dashboard.HostView;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// The dashboard on its own listener (Dashboard:Listen; empty: none). A client of the API unit over
/// HTTP like the CLI, so it starts after it and reaches it at Dashboard:ApiUrl, else at Api:Listen.
/// <paramref name="inventory"/>: the compute host of this process, for the host page's inventory (none: not shown).
/// </summary>
public sealed partial class DashboardUnit(SharedServices shared, Action<IWebHostBuilder>? configureWebHost = null, IHostInventorySource? inventory = null)
    : WebAppUnit
{
    private readonly ILogger _log = shared.Loggers.CreateLogger<DashboardUnit>();

    public DashboardOptions Options => shared.Options.Dashboard;

    /// <summary>The API as the dashboard calls it: a wildcard listen address is reached on loopback.</summary>
    public Uri ApiUrl
    {
        get
        {
            var url = Options.ApiUrl.Length > 0 ? Options.ApiUrl : shared.Options.Api.Listen;
            url = url.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
                .Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal)
                .Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal)
                .Replace("://[::]:", "://[::1]:", StringComparison.Ordinal);
            return new Uri(url.TrimEnd('/') + "/");
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Options.Enabled)
        {
            return;
        }
        await ServeAsync(DashboardApp.Build(Options, ApiUrl, shared.Loggers, shared.Time, configureWebHost, inventory: inventory), cancellationToken);
        LogListening(_log, Options.Listen, ApiUrl.ToString());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard listening on {Listen} (a client of the API at {ApiUrl})")]
    private static partial void LogListening(ILogger logger, string listen, string apiUrl);
}
