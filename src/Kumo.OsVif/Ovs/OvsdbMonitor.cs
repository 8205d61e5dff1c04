using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kumo.OsVif.Host;
using Microsoft.Extensions.Logging;

namespace Kumo.OsVif.Ovs;

/// <summary>
/// Neutron's ovsdb_monitor.SimpleInterfaceMonitor: `ovsdb-client monitor ... Interface
/// name,ofport,external_ids --format=json` as a long-running child, so the agent hears of a port the
/// moment ovs-vswitchd gives it an OpenFlow number instead of polling. The first output is the table's
/// current rows ("initial"), which makes a (re)start a resync. The child is restarted if it dies
/// (ovsdb-server restarted); announced ports are remembered by name so none is announced twice.
/// </summary>
/// <param name="bridge">Only ports on this bridge are announced (one ovs-vsctl run per new port); null announces
/// every port with an iface-id and leaves the bridge check to the caller, which may fold it into a call it makes anyway.</param>
public sealed partial class OvsdbMonitor(string? bridge, OvsVsctl vsctl, ILogger logger) : IAsyncDisposable
{
    private readonly Channel<OvsPortEvent> _events = Channel.CreateUnbounded<OvsPortEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _announced = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Process? _process;
    private Task? _loop;

    public ChannelReader<OvsPortEvent> Events => _events.Reader;

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await MonitorOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception or System.Text.Json.JsonException)
            {
                LogMonitorFailed(bridge ?? "(all bridges)", ex.Message);
            }
            // ovsdb-server went away or restarted: try again, gently.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        _events.Writer.TryComplete();
    }

    private async Task MonitorOnceAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(HostTools.OvsdbClient)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in new[] { "monitor", HostTools.OvsdbSocket, "Open_vSwitch", "Interface", "name,ofport,external_ids", "--format=json" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ovsdb-client did not start.");
        _process = process;
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        LogMonitorStarted(bridge ?? "(all bridges)", process.Id);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length > 0 && line[0] == '{')
                {
                    await HandleUpdateAsync(line, cancellationToken);
                }
            }
        }
        finally
        {
            Kill(process);
            _rows.Clear();
        }
    }

    private async Task HandleUpdateAsync(string line, CancellationToken cancellationToken)
    {
        var update = JsonNode.Parse(line);
        if (update?["data"] is not JsonArray data)
        {
            return;
        }
        var lastUuid = "";
        foreach (var row in data.OfType<JsonArray>())
        {
            var uuid = (string?)row[0] ?? "";
            var action = (string?)row[1] ?? "";
            uuid = uuid.Length == 0 ? lastUuid : uuid;
            lastUuid = uuid;
            switch (action)
            {
                case "initial" or "insert" or "new":
                    var current = new Row((string?)row[2] ?? "", OvsdbJson.Int(row[3]), OvsdbJson.Map(row[4]));
                    _rows[uuid] = current;
                    await AnnounceAsync(current, cancellationToken);
                    break;
                case "delete":
                    if (_rows.Remove(uuid, out var gone))
                    {
                        Withdraw(gone.Name, gone.ExternalIds);
                    }
                    break;
            }
        }
    }

    private async Task AnnounceAsync(Row row, CancellationToken cancellationToken)
    {
        var ifaceId = row.ExternalIds.TryGetValue(ExternalIdKeys.IfaceId, out var id) && Guid.TryParse(id, out var g) ? g : (Guid?)null;
        if (_announced.TryGetValue(row.Name, out var announcedId))
        {
            if (ifaceId == announcedId)
            {
                return;
            }
            Withdraw(row.Name, row.ExternalIds);
        }
        if (ifaceId is not { } portId || row.OfPort <= 0)
        {
            return;
        }
        if (bridge is not null && await vsctl.InterfaceBridgeAsync(row.Name, cancellationToken) != bridge)
        {
            return;
        }
        _announced[row.Name] = portId;
        _events.Writer.TryWrite(new OvsPortEvent(OvsPortEventKind.Added, row.Name, portId, row.ExternalIds, Stopwatch.GetTimestamp()));
    }

    private void Withdraw(string name, IReadOnlyDictionary<string, string> externalIds)
    {
        if (_announced.Remove(name, out var portId))
        {
            _events.Writer.TryWrite(new OvsPortEvent(OvsPortEventKind.Removed, name, portId, externalIds, Stopwatch.GetTimestamp()));
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_process is { } process)
        {
            Kill(process);
        }
        if (_loop is not null)
        {
            await _loop;
        }
        _stop.Dispose();
    }

    private sealed record Row(string Name, int OfPort, IReadOnlyDictionary<string, string> ExternalIds);

    [LoggerMessage(Level = LogLevel.Information, Message = "OVSDB monitor of bridge {Bridge} started (ovsdb-client pid {Pid})")]
    private partial void LogMonitorStarted(string bridge, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OVSDB monitor of bridge {Bridge} failed, restarting: {Error}")]
    private partial void LogMonitorFailed(string bridge, string error);
}
