using System.Diagnostics;
using Kumo.Network.Rpc;
using Kumo.OsVif.Host;
using Microsoft.Extensions.Logging;

namespace Kumo.Network.Agent.Dhcp;

/// <summary>
/// One dnsmasq for one network, inside its qdhcp namespace, as a child of the service (it dies with the
/// service; a dnsmasq left by a crashed run is found through its pid file and killed at the next start).
/// Host and option changes are a SIGHUP (dnsmasq re-reads --dhcp-hostsfile and --dhcp-optsfile); a change
/// of subnets, which changes the command line, is a restart.
/// </summary>
public sealed partial class Dnsmasq(Guid networkId, string confDir, ILogger logger) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private Process? _process;
    private IReadOnlyList<string> _arguments = [];

    public string ConfDir => confDir;

    public string PidFile => Path.Combine(confDir, "pid");

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>The host entries the running dnsmasq was last given (its leases can only be theirs).</summary>
    public IReadOnlyList<DhcpHost> Hosts { get; private set; } = [];

    /// <param name="metadataNextHops">Subnet → the DHCP port's address there, the guests' route to 169.254.169.254; empty: no metadata route.</param>
    public async Task EnableAsync(DhcpNetwork network, string interfaceName, IReadOnlyDictionary<Guid, string> metadataNextHops, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(confDir);
        await File.WriteAllTextAsync(Path.Combine(confDir, "host"), DnsmasqConfig.HostsFile(network), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(confDir, "opts"), DnsmasqConfig.OptsFile(network, metadataNextHops), cancellationToken);
        var arguments = Arguments(network, interfaceName);
        if (Pid is { } pid && arguments.SequenceEqual(_arguments))
        {
            Signals.Send(pid, Signals.SigHup);
            Hosts = network.Hosts;
            LogReloaded(networkId, pid, network.Hosts.Count);
            return;
        }
        Stop();
        KillStale(confDir);
        await StartAsync(arguments, cancellationToken);
        Hosts = network.Hosts;
    }

    private async Task StartAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        File.Delete(PidFile);
        var start = new ProcessStartInfo(HostTools.Ip) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", DhcpNames.Namespace(networkId), HostTools.Dnsmasq }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dnsmasq did not start.");
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        // dnsmasq writes its pid file once it has bound its socket: from then on it answers.
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(PidFile) || new FileInfo(PidFile).Length == 0)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"dnsmasq for network {networkId} exited with code {process.ExitCode}: {(await stderr).Trim()}");
            }
            if (deadline.Elapsed > StartTimeout)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dnsmasq for network {networkId} did not write {PidFile} within {StartTimeout.TotalSeconds} s.");
            }
            await Task.Delay(20, cancellationToken);
        }
        _process = process;
        _arguments = arguments;
        LogStarted(networkId, process.Id);
    }

    private List<string> Arguments(DhcpNetwork network, string interfaceName)
    {
        List<string> args =
        [
            "--no-hosts", "--no-resolv", "--port=0", "--keep-in-foreground", "--conf-file=/dev/null",
            $"--pid-file={PidFile}",
            $"--dhcp-hostsfile={Path.Combine(confDir, "host")}",
            $"--dhcp-optsfile={Path.Combine(confDir, "opts")}",
            $"--log-facility={Path.Combine(confDir, "log")}",
            "--leasefile-ro", "--dhcp-authoritative", "--bind-interfaces",
            $"--interface={interfaceName}", "--except-interface=lo",
        ];
        args.AddRange(DnsmasqConfig.RangeArguments(network));
        return args;
    }

    public void Stop()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    Signals.Send(process.Id, Signals.SigTerm);
                    if (!process.WaitForExit(TimeSpan.FromSeconds(3)))
                    {
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit(TimeSpan.FromSeconds(3));
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // Already reaped.
            }
            process.Dispose();
            _process = null;
            _arguments = [];
            Hosts = [];
        }
    }

    /// <summary>Kills the dnsmasq whose pid file is in <paramref name="dir"/> when its command line names that pid file (a pid is reused, a path is not).</summary>
    public static bool KillStale(string dir)
    {
        var pidFile = Path.Combine(dir, "pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            return false;
        }
        if (Signals.CommandLine(pid) is { } cmdline && cmdline.Contains("dnsmasq", StringComparison.Ordinal) && cmdline.Contains(pidFile, StringComparison.Ordinal))
        {
            Signals.Send(pid, Signals.SigKill);
            return true;
        }
        return false;
    }

    public void Dispose() => Stop();

    [LoggerMessage(Level = LogLevel.Information, Message = "dnsmasq for network {NetworkId} started (pid {Pid})")]
    private partial void LogStarted(Guid networkId, int pid);

    [LoggerMessage(Level = LogLevel.Debug, Message = "dnsmasq for network {NetworkId} (pid {Pid}) reloaded with {Hosts} hosts")]
    private partial void LogReloaded(Guid networkId, int pid, int hosts);
}
