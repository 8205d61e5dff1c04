using Kumo.Api;
using Kumo.Api.Infrastructure;
using Kumo.Api.Identity;
using Kumo.Compute.Api;
using Kumo.Compute.Rpc;
using Kumo.Identity;
using Kumo.Image;
using Kumo.Network;
using Kumo.Network.Api;
using Kumo.Network.Notifiers;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// The API service (nova-api, keystone, glance-api in one listener): composes the handlers' services
/// over the shared store and bus and serves HTTP. Started last, so that answering means ready.
/// </summary>
/// <param name="networkServer">The network server whose REST API this unit serves under /network; none: no Neutron API.</param>
/// <param name="network">Compute's view of the network service when not the network server's own (tests: a fake); none and no server: servers boot without NICs only.</param>
public sealed class ApiUnit(SharedServices shared, ApiOptions options, Action<IWebHostBuilder>? configureWebHost = null, NetworkServices? networkServer = null,
    INetworkApi? network = null)
    : WebAppUnit
{
    private readonly INetworkApi _network = network ?? networkServer?.ComputeApi ?? new NoNetworkApi();

    /// <summary>What /healthcheck answers; <see cref="KumoHost"/> marks it ready when every unit has started.</summary>
    public ServiceReadiness Readiness { get; } = new();

    /// <summary>Keystone's services over the shared store (tests create users and projects through it).</summary>
    public IdentityServices Identity { get; } = IdentityServices.Create(shared.Stores.Identity, shared.Options.Identity, options.TokenExpiration, shared.Time, shared.Loggers);

    /// <summary>The compute API the handlers use (nova-api's compute.API()).</summary>
    public ComputeApi ComputeApi => _computeApi ??= new ComputeApi(shared.Stores.Instances, shared.Stores.Flavors, shared.Images,
        shared.Stores.InstanceActions, shared.Stores.Placement, _network, new ConductorRpcApi(shared.Bus), new ComputeRpcApi(shared.Bus), shared.Time,
        shared.Stores.Quotas, shared.Stores.FlavorAccess);

    private ComputeApi? _computeApi;

    /// <summary>
    /// Neutron's nova notifier for an in-process network service: its events take the path of
    /// POST /os-server-external-events (the same ComputeApi call), usable before the listener opens.
    /// </summary>
    public INovaNotifier NovaNotifier => _novaNotifier ??= new ComputeNovaNotifier(ComputeApi, shared.Loggers.CreateLogger<ComputeNovaNotifier>());

    private INovaNotifier? _novaNotifier;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // keystone-manage bootstrap before the listener opens: answering means the admin can log in.
        var authUrl = options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Identity + "/v3";
        await Identity.Bootstrap(shared.Options.Identity).EnsureAsync(authUrl, options.Region, cancellationToken);
        await ServeAsync(KumoApiApp.Build(options, shared.Loggers, Register, configureWebHost), cancellationToken);
    }

    private void Register(IServiceCollection services)
    {
        var stores = shared.Stores;
        if (networkServer is not null)
        {
            services.AddSingleton(networkServer.Plugin);
        }
        services.AddSingleton(Readiness);
        services.AddSingleton(shared.Time);
        services.AddSingleton(stores);
        services.AddSingleton(shared.Options.ServiceGroup);
        services.AddSingleton(shared.Images);
        services.AddSingleton(new ImageApi(shared.Images, stores.Images, shared.Time));
        services.AddSingleton(_network);
        services.AddSingleton(ComputeApi);
        RegisterIdentity(services);
    }

    private void RegisterIdentity(IServiceCollection services)
    {
        services.AddSingleton(Identity.Stores);
        services.AddSingleton(Identity.Tokens);
        services.AddSingleton<ITokenValidator>(Identity.Tokens);
        services.AddSingleton(Identity.Authenticator);
        services.AddSingleton(Identity.Admin);
        services.AddSingleton(Identity.Roles);
        services.AddSingleton<IdentityViews>();
        services.AddSingleton<ServiceCatalog>();
        services.AddSingleton<TokenView>();
    }
}
