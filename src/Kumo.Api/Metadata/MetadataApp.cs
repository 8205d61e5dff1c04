using Kumo.Db;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Api.Metadata;

/// <summary>
/// nova-api-metadata: its own listener, answering only requests a metadata proxy signed
/// (<see cref="MetadataRequestHandler"/>). Guests reach it through the proxy in their network's
/// DHCP namespace at 169.254.169.254, never directly.
/// </summary>
public static class MetadataApp
{
    public static WebApplication Build(MetadataOptions options, KumoStores stores, ILoggerFactory loggers, Action<IWebHostBuilder>? configureWebHost = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "kumo-metadata" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseUrls(options.Listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // The password a guest posts is at most 1020 bytes (Nova's password.py); nothing else has a body.
            k.Limits.MaxRequestBodySize = 64 * 1024;
        });
        configureWebHost?.Invoke(builder.WebHost);
        var app = builder.Build();
        var handler = new MetadataRequestHandler(options, stores, loggers.CreateLogger<MetadataRequestHandler>());
        app.Run(handler.HandleAsync);
        return app;
    }
}
