using Kumo.Api.Compute;
using Kumo.Api.Identity;
using Kumo.Api.Image;
using Kumo.Api.Infrastructure;
using Kumo.Api.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Api;

/// <summary>
/// The API service's web application: one listener, each OpenStack service under its prefix with its
/// own error shape. Handlers parse and validate into typed requests and hand them to the services
/// (identity, compute API, image service); they never reach a compute host except through the bus.
/// </summary>
public static class KumoApiApp
{
    /// <param name="registerServices">Adds what the handlers need (identity, ComputeApi, image service, stores) to the app's container.</param>
    /// <param name="configureWebHost">Tests replace Kestrel with the test server here.</param>
    public static WebApplication Build(ApiOptions options, ILoggerFactory loggers, Action<IServiceCollection> registerServices,
        Action<IWebHostBuilder>? configureWebHost = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "kumo-api" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TokenAuthentication>();
        builder.Services.AddRouting();
        registerServices(builder.Services);
        builder.WebHost.UseUrls(options.Listen);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        configureWebHost?.Invoke(builder.WebHost);

        var app = builder.Build();
        app.UseMiddleware<RequestIds>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseWhen(http => http.Request.Path.StartsWithSegments(ApiPaths.Compute + "/v2.1"), branch => branch.UseMiddleware<MicroversionMiddleware>());
        app.UseRouting();

        IdentityEndpoints.Map(app.MapGroup(ApiPaths.Identity).WithErrorStyle(ErrorStyle.Keystone), options);
        ComputeEndpoints.Map(app.MapGroup(ApiPaths.Compute).WithErrorStyle(ErrorStyle.Nova), options);
        ImageEndpoints.Map(app.MapGroup(ApiPaths.Image).WithErrorStyle(ErrorStyle.Glance), options);
        NetworkEndpoints.Map(app.MapGroup(ApiPaths.Network).WithErrorStyle(ErrorStyle.Neutron), options);
        // Without a readiness registered (an API composed alone) answering is being ready.
        app.MapGet("/healthcheck", (HttpContext http) => http.RequestServices.GetService<ServiceReadiness>() is { IsReady: false } readiness
            ? Results.Text(readiness.State, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("OK"));
        return app;
    }
}
