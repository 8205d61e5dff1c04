using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Network.Agent.Metadata;

/// <summary>
/// The metadata proxy of one network (Neutron's ns-metadata-proxy): at 169.254.169.254:80 in the
/// network's DHCP namespace, it knows the guest only by the request's source address on this network.
/// An address that is no instance port gets 404 and nothing else.
/// </summary>
public static partial class MetadataProxyApp
{
    public const string Address = "169.254.169.254";
    public const int Port = 80;

    /// <param name="listen">Where it listens: the namespace's socket (production) or a test server.</param>
    public static WebApplication Build(Guid networkId, MetadataPortTable ports, MetadataForwarder forwarder, ILoggerFactory loggers, Action<IWebHostBuilder> listen)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "kumo-metadata-proxy" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024;
        });
        listen(builder.WebHost);
        var app = builder.Build();
        var logger = loggers.CreateLogger(typeof(MetadataProxyApp));
        app.Run(async http =>
        {
            var remote = http.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : "";
            if (ports.Find(remote) is not { } port)
            {
                LogUnknownAddress(logger, remote, networkId);
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            try
            {
                await forwarder.ForwardAsync(http, port, remote, networkId);
            }
            catch (HttpRequestException ex)
            {
                LogForwardFailed(logger, networkId, ex.Message);
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metadata request from {Address} on network {NetworkId}: no instance port has that address")]
    private static partial void LogUnknownAddress(ILogger logger, string address, Guid networkId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Metadata proxy of network {NetworkId} cannot reach the metadata service: {Error}")]
    private static partial void LogForwardFailed(ILogger logger, Guid networkId, string error);
}
