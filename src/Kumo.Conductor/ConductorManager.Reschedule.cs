using Kumo.Compute.Rpc;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Scheduling;
using Kumo.Scheduler.Rpc;
using Microsoft.Extensions.Logging;

namespace Kumo.Conductor;

// A build a compute host sent back (Nova's build_instances after a RescheduledException): another
// host, without the ones that failed, up to max_attempts.
public sealed partial class ConductorManager
{
    /// <summary>Nova's [scheduler] max_attempts default.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>
    /// Each decision is a scheduling event of the create action (the failed attempts are the compute
    /// hosts' events). When no attempt is left or no other host can take the instance, the fault
    /// names every host tried and its error, then the scheduler's reason: never Nova's bare
    /// "Exceeded maximum number of retries".
    /// </summary>
    public async Task RescheduleInstanceAsync(RequestContext context, RescheduleInstanceRequest request, CancellationToken cancellationToken = default)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.RequestId, ["InstanceUuid"] = request.InstanceUuid });
        var uuid = request.InstanceUuid;
        var build = request.Build;
        var spec = build.Spec ?? throw new ArgumentException("A reschedule carries the request spec it was scheduled with.", nameof(request));
        await actions.StartEventAsync(uuid, context.RequestId, ScheduleEvent, null, cancellationToken);
        if (build.Attempts.Count >= maxAttempts)
        {
            await GiveUpAsync(context, uuid, build.Attempts,
                $"max_attempts ({maxAttempts}) reached", new KumoException(Describe(uuid, build.Attempts, $"max_attempts ({maxAttempts}) reached")));
            return;
        }
        var retry = spec with { IgnoreHosts = [.. build.Attempts.Select(a => a.Host).Distinct(StringComparer.Ordinal)] };
        IReadOnlyList<Selection> selections;
        try
        {
            selections = await scheduler.SelectDestinationsAsync(context, retry, [uuid], cancellationToken);
        }
        catch (KumoException ex)
        {
            var reason = "no other host can take it: " + (ex is RemoteErrorException remote ? remote.RemoteMessage : ex.Message);
            await GiveUpAsync(context, uuid, build.Attempts, reason, new KumoException(Describe(uuid, build.Attempts, reason), ex));
            return;
        }
        LogRescheduled(uuid, build.Attempts.Count + 1, selections[0].Host);
        await BuildOnAsync(context, selections[0], build, cancellationToken);
    }

    private async Task GiveUpAsync(RequestContext context, Guid uuid, IReadOnlyList<BuildAttempt> attempts, string reason, KumoException error)
    {
        LogRescheduleGivenUp(uuid, attempts.Count, reason);
        var details = string.Join("\n\n", attempts.Select((a, i) => $"Attempt {i + 1} on {a.Host}:\n{a.Traceback ?? a.Error}").Append(error.ToString()));
        await failures.BuryAsync(context, uuid, ScheduleEvent, error, CancellationToken.None, details);
    }

    /// <summary>Every host tried with its own error, then why there is no next one.</summary>
    internal static string Describe(Guid uuid, IReadOnlyList<BuildAttempt> attempts, string reason) =>
        $"Build of instance {uuid} failed on {(attempts.Count == 1 ? "its only attempt" : $"all {attempts.Count} attempts")}"
        + $" ({string.Join("; ", attempts.Select((a, i) => $"attempt {i + 1} on {a}"))}), and {reason}.";

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Instance {InstanceUuid} rescheduled for attempt {Attempt} to {Host}")]
    private partial void LogRescheduled(Guid instanceUuid, int attempt, string host);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Instance {InstanceUuid} not rescheduled after {Attempts} failed attempts: {Reason}")]
    private partial void LogRescheduleGivenUp(Guid instanceUuid, int attempts, string reason);
}
