using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kumo.Client.Errors;
using Kumo.Dashboard.Client;
using Microsoft.Extensions.Logging;

namespace Kumo.Dashboard.Live;

/// <summary>One message of a live stream: the SSE event name and its JSON data.</summary>
public sealed record LiveEvent(string Kind, string Data);

/// <summary>
/// One session's view of its servers, kept current by one poll of the API per interval whatever the
/// number of open tabs: a full GET /servers/detail first, then only what changed
/// (?changes-since, which also returns the servers deleted meanwhile). Every subscriber (an open server
/// list) gets the rows it does not have, then each row that changed.
/// </summary>
public sealed partial class ServerWatch(CloudApi api, TimeSpan interval, TimeProvider time, ILogger logger, Action<ServerWatch> onIdle)
{
    // Writes by another request may commit a little after the clock they stamped: ask again for the last seconds.
    private static readonly TimeSpan _overlap = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly List<Channel<LiveEvent>> _subscribers = [];
    private readonly Dictionary<string, ServerRow> _rows = new(StringComparer.Ordinal);
    private CancellationTokenSource? _running;
    private bool _loaded;
    private IReadOnlyDictionary<string, string> _flavors = new Dictionary<string, string>();
    private IReadOnlyDictionary<string, string> _images = new Dictionary<string, string>();

    public string Token => api.Session.Token;

    public ChannelReader<LiveEvent> Subscribe()
    {
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            foreach (var row in _rows.Values)
            {
                channel.Writer.TryWrite(Row(row));
            }
            if (_loaded)
            {
                channel.Writer.TryWrite(Ids());
            }
            _subscribers.Add(channel);
            if (_running is null)
            {
                _running = new CancellationTokenSource();
                _ = RunAsync(_running.Token);
            }
        }
        return channel.Reader;
    }

    public void Unsubscribe(ChannelReader<LiveEvent> reader)
    {
        lock (_lock)
        {
            _subscribers.RemoveAll(c => c.Reader == reader);
            if (_subscribers.Count > 0 || _running is null)
            {
                return;
            }
            _running.Cancel();
            _running = null;
        }
        onIdle(this);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? since = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var started = time.GetUtcNow();
                await PollAsync(since, cancellationToken);
                if (since is null)
                {
                    // The page was rendered a moment before this first full list: what it shows and the list no longer has is gone.
                    LiveEvent all;
                    lock (_lock)
                    {
                        _loaded = true;
                        all = Ids();
                    }
                    Publish(all);
                }
                since = started - _overlap;
                await Task.Delay(interval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (OpenStackApiException ex) when (ex.Status == 401)
        {
            Publish(new LiveEvent("expired", "{}"));
        }
        catch (Exception ex)
        {
            LogPollFailed(logger, ex.Message);
            Publish(new LiveEvent("failed", JsonSerializer.Serialize(new { message = "Live updates stopped: " + ex.Message })));
        }
    }

    private async Task PollAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var query = since is { } s ? "servers/detail?changes-since=" + Uri.EscapeDataString(s.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            : "servers/detail";
        var servers = (await api.ListAsync(api.Compute(query), "servers", cancellationToken)).OfType<JsonObject>().ToList();
        if (since is null || servers.Any(UnknownNames))
        {
            (_flavors, _images) = await api.NamesAsync(cancellationToken);
        }
        foreach (var server in servers)
        {
            var id = (string)server["id"]!;
            if ((string?)server["status"] == "DELETED")
            {
                bool removed;
                lock (_lock)
                {
                    removed = _rows.Remove(id);
                }
                if (removed)
                {
                    Publish(new LiveEvent("gone", JsonSerializer.Serialize(new { id })));
                }
                continue;
            }
            var row = ServerRow.From(server, _flavors, _images);
            bool changed;
            lock (_lock)
            {
                changed = !_rows.TryGetValue(id, out var old) || old != row;
                _rows[id] = row;
            }
            if (changed)
            {
                Publish(Row(row));
            }
        }
    }

    private bool UnknownNames(JsonObject server) =>
        !_flavors.ContainsKey((string?)server["flavor"]?["id"] ?? "")
        || (server["image"] is JsonObject image && !_images.ContainsKey((string?)image["id"] ?? ""));

    /// <summary>Every server there is now (the caller holds the lock); the page drops rows not in it.</summary>
    private LiveEvent Ids() => new("ids", JsonSerializer.Serialize(new { ids = _rows.Keys.ToArray() }));

    private static LiveEvent Row(ServerRow row) => new("server", JsonSerializer.Serialize(row));

    private void Publish(LiveEvent message)
    {
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard live server list stopped: {Message}")]
    private static partial void LogPollFailed(ILogger logger, string message);
}
