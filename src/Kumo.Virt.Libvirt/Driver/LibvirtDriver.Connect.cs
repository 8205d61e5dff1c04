using Kumo.Virt.Libvirt.Host;
using Microsoft.Extensions.Logging;

namespace Kumo.Virt.Libvirt.Driver;

public sealed partial class LibvirtDriver
{
    private static readonly TimeSpan MaxConnectRetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>The clock of init_host's wait for libvirtd.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The first connection, waiting up to <see cref="LibvirtOptions.ConnectWaitSeconds"/> for a daemon
    /// that is not answering yet (started together with Kumo at boot, or restarting): each failure is
    /// logged with what the operator should do, then retried after 1, 2, 4, 5, 5 ... s. An error that
    /// waiting cannot cure (a URI no driver accepts) fails at once.
    /// </summary>
    private async Task<LibvirtConnection> ConnectAsync(LibvirtHost host, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(Math.Max(0, options.ConnectWaitSeconds));
        var started = Time.GetTimestamp();
        var interval = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Task.Run(host.Open, cancellationToken);
            }
            catch (LibvirtException ex) when (ex.IsTransient)
            {
                var remaining = wait - Time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    throw new HypervisorUnavailableException(options.ConnectionUri, attempt, Time.GetElapsedTime(started), ex);
                }
                LogNotAnswering(options.ConnectionUri, ex.LibvirtMessage, (int)Math.Ceiling(remaining.TotalSeconds));
                await Task.Delay(Min(interval, remaining), Time, cancellationToken);
                interval = Min(interval * 2, MaxConnectRetryInterval);
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning,
        Message = "libvirtd is not answering on {Uri} ({Reason}); start it with tools/setup-host.sh. Trying again for up to {RemainingSeconds} s")]
    private partial void LogNotAnswering(string uri, string reason, int remainingSeconds);
}
