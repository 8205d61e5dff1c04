using Kumo.Client.Http;
using Kumo.Client.Identity;
using Kumo.Dashboard.Client;
using Kumo.Dashboard.HostView;
using Kumo.Dashboard.Live;
using Kumo.Dashboard.Sessions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Kumo.Dashboard;

/// <summary>
/// The dashboard's web application (Razor Pages), on a listener of its own. It is a client of the REST
/// API like the CLI: every page calls Keystone, Nova or Glance over HTTP with the signed-in user's token.
/// </summary>
public static class DashboardApp
{
    public static WebApplication Build(DashboardOptions options, Uri apiUrl, ILoggerFactory loggers, TimeProvider time,
        Action<IWebHostBuilder>? configureWebHost = null, HttpMessageHandler? apiHandler = null, IHostInventorySource? inventory = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Razor Pages finds its compiled pages in the application's assembly: this one, not the kumo CLI's.
            ApplicationName = typeof(DashboardApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            // Never the developer exception page (Development adds it by itself): errors show no stack trace.
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time);
        var http = new HttpClient(apiHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromMinutes(30),
        };
        builder.Services.AddSingleton(new OpenStackHttp(http));
        builder.Services.AddSingleton(sp => new KeystoneClient(sp.GetRequiredService<OpenStackHttp>(), new Uri(apiUrl, "identity/v3/")));
        builder.Services.AddSingleton<ScopedTokens>();
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<ServerWatches>();
        if (inventory is not null)
        {
            builder.Services.AddSingleton(inventory);
        }
        AddSessions(builder.Services);
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToPage("/Error");
        });
        builder.WebHost.UseUrls(options.Listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // Image uploads stream through to Glance, which enforces its own size cap.
            k.Limits.MaxRequestBodySize = null;
        });
        configureWebHost?.Invoke(builder.WebHost);

        var app = builder.Build();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Error", "?status={0}");
        app.UseMiddleware<ApiErrorPages>();
        app.Use(SecurityHeaders);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(DashboardApp).Assembly, "Kumo.Dashboard.Assets"),
            RequestPath = "/assets",
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        LiveEndpoints.Map(app);
        app.MapGet("/", () => Results.Redirect("/servers"));
        return app;
    }

    private static void AddSessions(IServiceCollection services)
    {
        services.AddAuthentication(SessionStore.Scheme).AddCookie(o =>
        {
            o.Cookie.Name = "kumo_session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/login";
            o.SlidingExpiration = false;
        });
        services.AddOptions<CookieAuthenticationOptions>(SessionStore.Scheme)
            .Configure<SessionStore>((o, store) => o.SessionStore = store);
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "kumo_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "RequestVerificationToken";
        });
    }

    /// <summary>Everything is served from here: scripts, styles and images only from this origin, no framing.</summary>
    private static Task SecurityHeaders(HttpContext http, RequestDelegate next)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        return next(http);
    }
}
