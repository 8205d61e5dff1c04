using System.Collections.Concurrent;
using Kumo.Dashboard.Client;
using Microsoft.Extensions.Logging;

namespace Kumo.Dashboard.Live;

/// <summary>The live server watches, one per session token (so per session and project), made on demand and dropped when idle.</summary>
public sealed class ServerWatches(DashboardOptions options, TimeProvider time, ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, ServerWatch> _watches = new(StringComparer.Ordinal);

    public int Count => _watches.Count;

    public ServerWatch For(CloudApi api) => _watches.GetOrAdd(api.Session.Token, _ =>
        new ServerWatch(api, options.PollInterval, time, loggers.CreateLogger<ServerWatch>(), w => _watches.TryRemove(new KeyValuePair<string, ServerWatch>(w.Token, w))));
}
