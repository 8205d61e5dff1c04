using Kumo.Objects.Actions;

namespace Kumo.Db.Stores;

/// <summary>Instance actions and their events (os-instance-actions).</summary>
public interface IInstanceActionStore
{
    /// <summary>Starts an action for a request; returns it with its id.</summary>
    Task<InstanceAction> StartActionAsync(Guid instanceUuid, string action, string requestId, string? userId, string? projectId, CancellationToken cancellationToken = default);

    /// <summary>Records an event start under the action of (instance, request id). Throws KumoException when that action does not exist.</summary>
    Task<InstanceActionEvent> StartEventAsync(Guid instanceUuid, string requestId, string eventName, string? host, CancellationToken cancellationToken = default);

    /// <summary>Finishes the event; an "Error" result also marks the action's message "Error".</summary>
    Task FinishEventAsync(Guid instanceUuid, string requestId, string eventName, string result, string? traceback, string? details, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="FinishEventAsync(Guid, string, string, string, string?, string?, CancellationToken)"/>, and records
    /// <paramref name="steps"/> (finished events, each with its own start and finish: a build's timeline)
    /// under the same action in the same write.
    /// </summary>
    Task FinishEventAsync(Guid instanceUuid, string requestId, string eventName, string result, string? traceback, string? details,
        IReadOnlyList<InstanceActionEvent> steps, CancellationToken cancellationToken = default);

    /// <summary>Sets the action's finish time.</summary>
    Task FinishActionAsync(Guid instanceUuid, string requestId, CancellationToken cancellationToken = default);


    /// <summary>Newest first, each with its events.</summary>
    Task<IReadOnlyList<InstanceAction>> ListAsync(Guid instanceUuid, CancellationToken cancellationToken = default);

    Task<InstanceAction?> GetAsync(Guid instanceUuid, string requestId, CancellationToken cancellationToken = default);
}
