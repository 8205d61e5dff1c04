using Kumo.Db.Stores;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Objects.Quotas;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Kumo.Bench;

/// <summary>
/// `kumo serve`'s composition (<see cref="KumoHost"/>) in the benchmark's own process, its API on the
/// test server (no port taken), the default flavors made and quotas lifted: the benchmarks create
/// far more servers than Nova's default 10 and call the compute API in-process.
/// </summary>
internal static class InProcessHost
{
    public const string AdminPassword = "bench-admin-secret";

    public static async Task<KumoHost> StartAsync(KumoOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        options.Identity.OpenrcPath = "";
        options.Identity.CloudsYamlPath = "";
        options.Identity.AdminPassword = AdminPassword;
        var host = await KumoHost.StartAsync(options, loggers, new KumoHost.Overrides(ConfigureWebHost: web => web.UseTestServer()), cancellationToken);
        try
        {
            await host.Shared.Stores.Quotas.SetClassLimitsAsync(SqlQuotaStore.DefaultClass,
                new Dictionary<string, int> { [QuotaResources.Instances] = -1, [QuotaResources.Cores] = -1, [QuotaResources.Ram] = -1 }, cancellationToken);
            await DefaultFlavors.EnsureAsync(host.Shared.Stores.Flavors, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }
}
