namespace Kumo.Virt.Progress;

/// <summary>
/// Where a build records its steps, each with its start and finish: the compute manager writes them
/// as events of the server's create action, so os-instance-actions (and `openstack server event
/// show`) carries the timeline. The driver reports its own steps of a spawn through
/// <see cref="SpawnRequest.Timeline"/>. Implementations are thread-safe and never throw.
/// </summary>
public interface IBuildTimeline
{
    /// <summary>Starts the step now; returns the handle <see cref="Finish"/> takes.</summary>
    int Start(string eventName);

    /// <summary>Finishes the step now, as Nova's "Success" or "Error".</summary>
    void Finish(int step, bool succeeded);
}
