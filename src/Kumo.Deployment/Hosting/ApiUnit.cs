using Kumo.Api;
using Kumo.Api.Infrastructure;
using Kumo.Api.Identity;
using Kumo.Compute.Api;
using Kumo.Compute.Rpc;
using Kumo.Identity;
using Kumo.Image;
using Kumo.Network;
using Kumo.Network.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// The API service (nova-api, keystone, glance-api in one listener): composes the handlers' services
/// over the shared store and bus and serves HTTP. Started last, so that answering means ready.
/// </summary>
/// <param name="network">The network server whose REST API this unit serves under /network; none: no Neutron API, and servers boot without NICs only.</param>
public sealed class ApiUnit(SharedServices shared, ApiOptions options, Action<IWebHostBuilder>? configureWebHost = null, NetworkServices? network = null)
    : IHostedService, IAsyncDisposable
{
    public WebApplication? App { get; private set; }

    /// <summary>What /healthcheck answers; <see cref="KumoHost"/> marks it ready when every unit has started.</summary>
    public ServiceReadiness Readiness { get; } = new();

    /// <summary>Keystone's services over the shared store (tests create users and projects through it).</summary>
    public IdentityServices Identity { get; } = IdentityServices.Create(shared.Stores.Identity, shared.Options.Identity, options.TokenExpiration, shared.Time, shared.Loggers);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // keystone-manage bootstrap before the listener opens: answering means the admin can log in.
        var authUrl = options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Identity + "/v3";
        await Identity.Bootstrap(shared.Options.Identity).EnsureAsync(authUrl, options.Region, cancellationToken);
        App = KumoApiApp.Build(options, shared.Loggers, Register, configureWebHost);
        await App.StartAsync(cancellationToken);
    }

    private void Register(IServiceCollection services)
    {
        var stores = shared.Stores;
        var networkApi = network?.ComputeApi ?? new NoNetworkApi();
        if (network is not null)
        {
            services.AddSingleton(network.Plugin);
        }
        services.AddSingleton(Readiness);
        services.AddSingleton(shared.Time);
        services.AddSingleton(stores);
        services.AddSingleton(shared.Options.ServiceGroup);
        services.AddSingleton(shared.Images);
        services.AddSingleton(new ImageApi(shared.Images, stores.Images, shared.Time));
        services.AddSingleton(networkApi);
        services.AddSingleton(new ComputeApi(stores.Instances, stores.Flavors, shared.Images, stores.InstanceActions, stores.Placement, networkApi,
            new ConductorRpcApi(shared.Bus), new ComputeRpcApi(shared.Bus), shared.Time, stores.Quotas, stores.FlavorAccess));
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
    }
}
