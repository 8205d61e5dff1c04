using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kumo.Common.Processes;

/// <summary>Runs host commands as child processes (no shell).</summary>
public sealed partial class ProcessCommandRunner(ILogger<ProcessCommandRunner> logger, ChildProcesses? children = null) : ICommandRunner
{
    private readonly ChildProcesses _children = children ?? ChildProcesses.Shared;

    public async Task<CommandResult> RunAsync(CommandSpec spec, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = CreateStartInfo(spec) };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw HostCommandException.CouldNotStart(spec, ex);
        }
        _children.Add(process);
        try
        {
            return await WaitAsync(process, spec, stopwatch, cancellationToken);
        }
        finally
        {
            _children.Remove(process);
        }
    }

    private async Task<CommandResult> WaitAsync(Process process, CommandSpec spec, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        // The timeout is real time on purpose: it bounds a real process, whatever clock the caller's
        // tests drive.
        using var timeout = new CancellationTokenSource(spec.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stdOut = new BoundedOutput(spec.MaxOutputChars);
        var stdErr = new BoundedOutput(spec.MaxOutputChars);
        var stdOutTask = stdOut.ReadAsync(process.StandardOutput, linked.Token);
        var stdErrTask = stdErr.ReadAsync(process.StandardError, linked.Token);
        try
        {
            await WriteStandardInputAsync(process, spec.StandardInput, linked.Token);
            await process.WaitForExitAsync(linked.Token);
            await stdOutTask;
            await stdErrTask;
            var result = new CommandResult(process.ExitCode, stdOut.ToString(), stdErr.ToString(), stopwatch.Elapsed);
            LogCompleted(spec.CommandLine, result.ExitCode, (long)result.Duration.TotalMilliseconds);
            return result.EnsureSuccess(spec);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            KillTree(process);
            await DrainAsync(stdErrTask);
            if (cancellationToken.IsCancellationRequested)
            {
                LogCancelled(spec.CommandLine, (long)stopwatch.Elapsed.TotalMilliseconds);
                throw;
            }
            LogTimedOut(spec.CommandLine, spec.Timeout.TotalSeconds);
            throw HostCommandException.Timeout(spec, stdErr.ToString());
        }
    }

    private static ProcessStartInfo CreateStartInfo(CommandSpec spec)
    {
        var startInfo = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Always redirected: a command that reads stdin must see EOF, never the service's own stdin.
            RedirectStandardInput = true,
        };
        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        return startInfo;
    }

    private static async Task WriteStandardInputAsync(Process process, string? input, CancellationToken cancellationToken)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
                await process.StandardInput.FlushAsync(cancellationToken);
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited without reading all of its input (EPIPE); its exit code tells the story.
        }
    }

    private static async Task DrainAsync(Task copy)
    {
        try
        {
            await copy;
        }
        catch (OperationCanceledException)
        {
            // Cancelled with the run; what was copied so far is what the error reports.
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            // The whole tree: a command that forked (a shell, dnsmasq before it daemonizes) must not outlive it.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the timeout and the kill.
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Ran '{Command}': exit code {ExitCode} in {DurationMs} ms")]
    private partial void LogCompleted(string command, int exitCode, long durationMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Killed '{Command}' after its {TimeoutSeconds} s timeout")]
    private partial void LogTimedOut(string command, double timeoutSeconds);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Cancelled '{Command}' after {DurationMs} ms; killed it")]
    private partial void LogCancelled(string command, long durationMs);
}
