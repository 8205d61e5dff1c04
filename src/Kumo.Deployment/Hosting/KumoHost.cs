using Kumo.Api;
using Kumo.Db;
using Kumo.Deployment.Configuration;
using Kumo.Image;
using Kumo.Messaging.InProcess;
using Kumo.Network;
using Kumo.Network.Api;
using Kumo.Virt;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// `kumo serve`: the all-in-one as a list of hosted units over one in-process bus and one SQLite store
/// (scheduler, conductor, compute host, network agent, the API, then the dashboard, a client of the API, so that an answering
/// API means every unit is up). Multi-host mode runs the same units as separate processes. Stopping (SIGTERM) stops the units
/// in reverse order: the API stops taking requests, then the compute host, the conductor and the
/// scheduler finish the messages they already took.
/// </summary>
public sealed class KumoHost : IAsyncDisposable
{
    private readonly IHost _host;

    private KumoHost(IHost host, SharedServices shared, SchedulerUnit scheduler, ConductorUnit conductor, ComputeUnit compute, NetworkAgentUnit networkAgent,
        ApiUnit api, DashboardUnit dashboard, NetworkServerUnit networkServer, MetadataUnit metadata)
    {
        Metadata = metadata;
        NetworkAgent = networkAgent;
        NetworkServer = networkServer;
        _host = host;
        Shared = shared;
        Scheduler = scheduler;
        Conductor = conductor;
        Compute = compute;
        Api = api;
        Dashboard = dashboard;
    }

    public SharedServices Shared { get; }

    public SchedulerUnit Scheduler { get; }

    public ConductorUnit Conductor { get; }

    public ComputeUnit Compute { get; }

    public NetworkAgentUnit NetworkAgent { get; }

    public ApiUnit Api { get; }

    public DashboardUnit Dashboard { get; }

    /// <summary>nova-api-metadata (the guests' metadata, behind the agent's proxies).</summary>
    public MetadataUnit Metadata { get; }

    /// <summary>The network server (plugin RPC endpoint); its REST API is in <see cref="Api"/>.</summary>
    public NetworkServerUnit NetworkServer { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>What an in-process network service sends its events through (POST /os-server-external-events's path).</summary>
    public Kumo.Network.Notifiers.INovaNotifier NovaNotifier => Api.NovaNotifier;

    /// <summary>
    /// The compute API as the API unit composed it (over the bus to the conductor and the hosts), for
    /// in-process callers that skip HTTP: the throughput benchmark, compute tests.
    /// </summary>
    public Kumo.Compute.Api.ComputeApi ComputeApi => Api.ComputeApi;

    /// <summary>
    /// Overrides for tests: another virt driver, clock, web host (the test server) or network service (a test double);
    /// ComputeImages wraps the image service as the compute host sees it (fault injection into image downloads).
    /// </summary>
    /// <param name="MetadataHandler">How the agent's metadata proxies reach the metadata unit (tests: its test server); none: over HTTP at NetworkAgent:MetadataUrl.</param>
    public sealed record Overrides(IVirtDriver? Driver = null, TimeProvider? Time = null, Action<IWebHostBuilder>? ConfigureWebHost = null,
        INetworkApi? Network = null, Func<IImageService, IImageService>? ComputeImages = null, Func<MetadataUnit, HttpMessageHandler>? MetadataHandler = null);

    public static async Task<KumoHost> StartAsync(KumoOptions options, ILoggerFactory loggers, Overrides? overrides = null, CancellationToken cancellationToken = default)
    {
        var host = await CreateAsync(options, loggers, overrides, cancellationToken);
        try
        {
            await host._host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Builds the host without starting it (`kumo serve` runs it until SIGTERM).</summary>
    public static async Task<KumoHost> CreateAsync(KumoOptions options, ILoggerFactory loggers, Overrides? overrides = null, CancellationToken cancellationToken = default)
    {
        overrides ??= new Overrides();
        options.Normalize();
        var time = overrides.Time ?? TimeProvider.System;
        Kumo.Common.IO.PrivateFiles.CreatePassThroughDirectory(options.StateDir);
        var stores = options.Database == ":memory:"
            ? await KumoStores.OpenInMemoryAsync(time, cancellationToken)
            : await KumoStores.OpenSqliteAsync(EnsureParent(options.DatabasePath), time, cancellationToken);
        var images = new FileImageService(stores.Images, options.ImagesPath, time, loggers.CreateLogger<FileImageService>());
        await images.RecoverInterruptedUploadsAsync(cancellationToken);
        await MetadataUnit.EnsureSharedSecretAsync(options, cancellationToken);
        var shared = new SharedServices(options, stores, new InProcessBus(loggers.CreateLogger<InProcessBus>()), images, time, loggers);

        var scheduler = new SchedulerUnit(shared);
        var conductor = new ConductorUnit(shared);
        var network = NetworkServices.Create(stores.Database, shared.Bus, options.Network, time, loggers);
        var networkServer = new NetworkServerUnit(shared, network);
        var computeShared = overrides.ComputeImages is { } wrap ? shared with { Images = wrap(shared.Images) } : shared;
        var compute = new ComputeUnit(computeShared, overrides.Driver, overrides.Network ?? network.ComputeApi);
        var metadata = new MetadataUnit(shared, overrides.ConfigureWebHost);
        var networkAgent = new NetworkAgentUnit(shared, overrides.MetadataHandler is { } handler ? () => handler(metadata) : null);
        var api = new ApiUnit(shared, options.Api, overrides.ConfigureWebHost, network, overrides.Network);
        // Neutron's nova notifier: port events take the path of POST /os-server-external-events.
        network.Nova.AttachSink(api.NovaNotifier);
        var dashboard = new DashboardUnit(shared, overrides.ConfigureWebHost, new ComputeHostInventory(shared, compute));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(shared);
        builder.Services.AddHostedService(_ => scheduler);
        builder.Services.AddHostedService(_ => conductor);
        builder.Services.AddHostedService(_ => networkServer);
        builder.Services.AddHostedService(_ => compute);
        // Before the agent: its proxies forward to the metadata service from their first request.
        builder.Services.AddHostedService(_ => metadata);
        builder.Services.AddHostedService(_ => networkAgent);
        builder.Services.AddHostedService(_ => api);
        builder.Services.AddHostedService(_ => dashboard);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        var built = builder.Build();
        var lifetime = built.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(api.Readiness.MarkReady);
        lifetime.ApplicationStopping.Register(api.Readiness.MarkStopping);
        return new KumoHost(built, shared, scheduler, conductor, compute, networkAgent, api, dashboard, networkServer, metadata);
    }

    /// <summary>Runs until SIGTERM or Ctrl-C, then stops every unit.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await _host.StartAsync(cancellationToken);
        await _host.WaitForShutdownAsync(cancellationToken);
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            await Dashboard.DisposeAsync();
            await Api.DisposeAsync();
            await Metadata.DisposeAsync();
            await NetworkAgent.DisposeAsync();
            await Compute.DisposeAsync();
            await NetworkServer.DisposeAsync();
            await Conductor.DisposeAsync();
            await Scheduler.DisposeAsync();
            _host.Dispose();
            await Shared.Stores.DisposeAsync();
        }
    }

    private static string EnsureParent(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return path;
    }
}
