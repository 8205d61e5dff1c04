using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.Hosting;

internal static partial class ShutdownLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Work still in flight after the shutdown timeout ({Timeout}); stopping anyway, init_host settles it at the next start")]
    public static partial void TimedOut(ILogger logger, TimeSpan timeout);
}
