using System.CommandLine;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace Kumo.Cli.Commands;

/// <summary>`kumo serve`: the all-in-one service (API, compute host) until SIGTERM or Ctrl-C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var pidFile = new Option<string?>("--pid-file") { Description = "Write the process id here while serving (removed on exit)" };
        var logFile = new Option<string?>("--log-file") { Description = "Also log to this file (default: <StateDir>/log/kumo.log)" };
        var command = new Command("serve", "Run Kumo's services (identity, compute and image APIs, compute host) in this process until SIGTERM") { pidFile, logFile };
        command.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(pidFile), parse.GetValue(logFile), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, string? pidFile, string? logFile, CancellationToken ct)
    {
        var options = KumoOptions.Load(parse.GetValue(CliContext.ConfigOption));
        logFile ??= Path.Combine(options.StateDir, "log", "kumo.log");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var level = parse.GetValue(CliContext.VerboseOption) ? LogEventLevel.Debug : LogEventLevel.Information;
        const string template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3} {SourceContext} {Message:lj} {Properties:j}{NewLine}{Exception}";
        var serilog = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, outputTemplate: template)
            .WriteTo.File(logFile, outputTemplate: template)
            .CreateLogger();
        using var loggers = LoggerFactory.Create(b => b.AddSerilog(serilog, dispose: true));
        var log = loggers.CreateLogger("kumo.serve");
        try
        {
            await using var host = await KumoHost.CreateAsync(options, loggers, cancellationToken: ct);
            if (pidFile is not null)
            {
                await File.WriteAllTextAsync(pidFile, Environment.ProcessId + "\n", ct);
            }
            log.LogInformation("Kumo serving on {Listen} (state {StateDir}, driver {Driver}, log {LogFile})", options.Api.Listen, options.StateDir, options.VirtDriver, logFile);
            await host.RunAsync(ct);
            log.LogInformation("Kumo stopped");
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogCritical(ex, "Kumo could not start: {Message}", ex.Message);
            return 1;
        }
        finally
        {
            if (pidFile is not null)
            {
                File.Delete(pidFile);
            }
        }
    }
}
