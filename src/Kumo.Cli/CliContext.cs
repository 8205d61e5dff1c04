using System.CommandLine;
using Kumo.Db;
using Kumo.Deployment.AllInOne;
using Kumo.Image;
using Kumo.Deployment.Configuration;
using Kumo.Objects.Errors;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Spectre.Console;

namespace Kumo.Cli;

/// <summary>What every command shares: options, logging, and the all-in-one cloud started in this process.</summary>
internal static class CliContext
{
    public static readonly Option<string?> ConfigOption = new("--config") { Description = "Path of kumo.json (default: $KUMO_CONFIG or /etc/kumo/kumo.json)", Recursive = true };

    public static readonly Option<bool> TraceOption = new("--trace") { Description = "Print the spans of what ran (RPC, compute manager, libvirt driver) with their durations", Recursive = true };

    public static readonly Option<bool> VerboseOption = new("--verbose", "-v") { Description = "Log at Information level to stderr", Recursive = true };

    public static ILoggerFactory CreateLoggers(ParseResult parse)
    {
        var level = parse.GetValue(VerboseOption) ? LogEventLevel.Information : LogEventLevel.Warning;
        var serilog = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .Enrich.FromLogContext()
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext} {Message:lj} {Properties:j}{NewLine}{Exception}")
            .CreateLogger();
        return LoggerFactory.Create(b => b.AddSerilog(serilog, dispose: true));
    }

    /// <summary>Runs a command that changes servers: the all-in-one services, compute host included, run in this process.</summary>
    public static Task<int> RunAsync(ParseResult parse, Func<AllInOneCloud, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        GuardAsync(parse, async (options, loggers) =>
        {
            await using var cloud = await AllInOneCloud.StartAsync(options, loggers, cancellationToken: cancellationToken);
            await DefaultFlavors.EnsureAsync(cloud.Stores.Flavors, cancellationToken);
            return await body(cloud, cancellationToken);
        });

    /// <summary>Runs a command that only reads: the store and image service, no compute host (so it runs beside one).</summary>
    public static Task<int> RunReadOnlyAsync(ParseResult parse, Func<KumoStores, IImageService, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        GuardAsync(parse, async (options, loggers) =>
        {
            await using var stores = await KumoStores.OpenSqliteAsync(options.DatabasePath, cancellationToken: cancellationToken);
            var images = new FileImageService(stores.Images, options.ImagesPath, TimeProvider.System, loggers.CreateLogger<FileImageService>());
            return await body(stores, images, cancellationToken);
        });

    /// <summary>Turns Kumo's errors into one clear line and a non-zero exit.</summary>
    private static async Task<int> GuardAsync(ParseResult parse, Func<KumoOptions, ILoggerFactory, Task<int>> body)
    {
        using var loggers = CreateLoggers(parse);
        using var trace = parse.GetValue(TraceOption) ? new TraceCollector() : null;
        try
        {
            return await body(KumoOptions.Load(parse.GetValue(ConfigOption)), loggers);
        }
        catch (Exception ex) when (ex is KumoException or FileNotFoundException or ArgumentException or TimeoutException)
        {
            var code = ex is KumoException k ? $" (HTTP {k.Code})" : "";
            AnsiConsole.MarkupLineInterpolated($"[red]Error{code}:[/] {ex.Message}");
            return 1;
        }
        finally
        {
            trace?.Print();
        }
    }
}
