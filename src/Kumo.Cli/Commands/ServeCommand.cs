using System.CommandLine;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace Kumo.Cli.Commands;

/// <summary>
/// `kumo serve`: the all-in-one service (APIs, compute host) until SIGTERM or Ctrl-C. The configuration
/// is checked before anything starts; a mistake in it is one line on stderr and exit 2.
/// </summary>
internal static class ServeCommand
{
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3} {SourceContext} {Message:lj} {Properties:j}{NewLine}{Exception}";

    public static Command Create()
    {
        var pidFile = new Option<string?>("--pid-file") { Description = "Write the process id here while serving; refuse to start while it names a running kumo" };
        var logFile = new Option<string?>("--log-file") { Description = "Also log to this file (default: <StateDir>/log/kumo.log)" };
        var command = new Command("serve", "Run Kumo's services (identity, compute and image APIs, compute host) in this process until SIGTERM") { pidFile, logFile };
        command.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(pidFile), parse.GetValue(logFile), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, string? pidFile, string? logFile, CancellationToken ct)
    {
        var error = parse.InvocationConfiguration.Error;
        KumoOptions options;
        PidFile? pid;
        try
        {
            options = KumoOptions.Load(parse.GetValue(CliContext.ConfigOption));
            pid = pidFile is null ? null : PidFile.Acquire(pidFile);
        }
        catch (Exception ex) when (ex is ArgumentException or FileNotFoundException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"kumo serve: {ex.Message}");
            return 2;
        }
        using var _ = pid;
        logFile ??= Path.Combine(options.StateDir, "log", "kumo.log");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var level = parse.GetValue(CliContext.VerboseOption) ? LogEventLevel.Debug : LogEventLevel.Information;
        var serilog = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, outputTemplate: Template)
            .WriteTo.File(logFile, outputTemplate: Template)
            .CreateLogger();
        using var loggers = LoggerFactory.Create(b => b.AddSerilog(serilog, dispose: true));
        var log = loggers.CreateLogger("kumo.serve");
        try
        {
            await using var host = await KumoHost.CreateAsync(options, loggers, cancellationToken: ct);
            // Nova's classic m1 flavors on a new deployment (devstack creates them too); existing ones stand.
            await DefaultFlavors.EnsureAsync(host.Shared.Stores.Flavors, ct);
            log.LogInformation("Kumo starting on {Listen}, dashboard {Dashboard} (state {StateDir}, driver {Driver}, log {LogFile}, pid {Pid})",
                options.Api.Listen, options.Dashboard.Enabled ? options.Dashboard.Listen : "off", options.StateDir, options.VirtDriver, logFile, Environment.ProcessId);
            try
            {
                await host.RunAsync(ct);
            }
            finally
            {
                // Host commands still running after the shutdown wait die with the service.
                if (Kumo.Common.Processes.ChildProcesses.Shared.KillAll() is > 0 and var killed)
                {
                    log.LogWarning("Killed {Count} host commands still running at shutdown", killed);
                }
            }
            log.LogInformation("Kumo stopped");
            return 0;
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            log.LogCritical("Kumo could not start: {Message} Another service listens there: stop it, or set Api:Listen (or Dashboard:Listen).", ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogCritical(ex, "Kumo could not start: {Message}", ex.Message);
            return 1;
        }
    }
}
