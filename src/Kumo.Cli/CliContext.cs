using System.CommandLine;
using Kumo.Deployment.AllInOne;
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

    /// <summary>Runs a command body against the all-in-one cloud and turns Kumo's errors into one clear line.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<AllInOneCloud, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        using var loggers = CreateLoggers(parse);
        try
        {
            var options = KumoOptions.Load(parse.GetValue(ConfigOption));
            await using var cloud = await AllInOneCloud.StartAsync(options, loggers, cancellationToken: cancellationToken);
            await DefaultFlavors.EnsureAsync(cloud.Stores.Flavors, cancellationToken);
            return await body(cloud, cancellationToken);
        }
        catch (Exception ex) when (ex is KumoException or FileNotFoundException or ArgumentException or TimeoutException)
        {
            var code = ex is KumoException k ? $" (HTTP {k.Code})" : "";
            AnsiConsole.MarkupLineInterpolated($"[red]Error{code}:[/] {ex.Message}");
            return 1;
        }
    }
}
