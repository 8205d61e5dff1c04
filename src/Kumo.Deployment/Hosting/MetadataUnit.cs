using System.Security.Cryptography;
using Kumo.Api.Metadata;
using Kumo.Deployment.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// nova-api-metadata on its own listener (Metadata:Listen; empty: none), over the shared store. The
/// network agent's metadata proxies reach it at NetworkAgent:MetadataUrl, else at this listener. On a
/// loopback listener it runs only with this process's agent (no other proxy can reach it); on any
/// other address it serves the agents of other hosts too (multi-host: set their
/// NetworkAgent:MetadataUrl to it and their NetworkAgent:MetadataProxySharedSecret to its secret).
/// </summary>
public sealed partial class MetadataUnit(SharedServices shared, Action<IWebHostBuilder>? configureWebHost = null) : WebAppUnit
{
    private const string SecretFile = "metadata_proxy_shared_secret";

    private readonly ILogger _log = shared.Loggers.CreateLogger<MetadataUnit>();

    public MetadataOptions Options => shared.Options.Metadata;

    public bool Enabled => Options.Enabled
        && (shared.Options.NetworkAgent.Enabled && shared.Options.NetworkAgent.EnableIsolatedMetadata || Options.ListensBeyondLoopback);

    /// <summary>
    /// One secret for both ends: the configured one, else one kept in the state directory (0600) so it
    /// survives restarts; the agent's proxy signs with the same unless it was given its own.
    /// </summary>
    public static async Task EnsureSharedSecretAsync(KumoOptions options, CancellationToken cancellationToken)
    {
        if (options.Metadata.ProxySharedSecret.Length == 0)
        {
            var path = Path.Combine(options.StateDir, SecretFile);
            if (!File.Exists(path))
            {
                await Kumo.Common.IO.PrivateFiles.WriteAllTextAsync(path, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), cancellationToken);
            }
            options.Metadata.ProxySharedSecret = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        }
        if (options.NetworkAgent.MetadataProxySharedSecret.Length == 0)
        {
            options.NetworkAgent.MetadataProxySharedSecret = options.Metadata.ProxySharedSecret;
        }
        if (options.NetworkAgent.MetadataUrl.Length == 0 && options.Metadata.Enabled)
        {
            options.NetworkAgent.MetadataUrl = options.Metadata.LocalUrl;
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }
        await ServeAsync(MetadataApp.Build(Options, shared.Stores, shared.Loggers, configureWebHost), cancellationToken);
        if (Options.ListensBeyondLoopback)
        {
            LogListeningForOtherHosts(_log, Options.Listen);
        }
        else
        {
            LogListening(_log, Options.Listen);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metadata service listening on {Listen}")]
    private static partial void LogListening(ILogger logger, string listen);

    [LoggerMessage(Level = LogLevel.Information, Message = "Metadata service listening on {Listen} for the metadata proxies of every host: their NetworkAgent:MetadataProxySharedSecret must be this service's Metadata:ProxySharedSecret (given, or kept in <StateDir>/metadata_proxy_shared_secret)")]
    private static partial void LogListeningForOtherHosts(ILogger logger, string listen);
}
