using Kumo.Objects.Events;
using Kumo.Objects.Instances;
using Kumo.Virt.Events;

namespace Kumo.Compute.Events;

/// <summary>Nova's ComputeVirtAPI: the manager's side of the virt driver's waits, over <see cref="InstanceEvents"/>.</summary>
public sealed class ComputeVirtApi(InstanceEvents events, VifPluggingPolicy vifPlugging, TimeProvider time) : IVirtApi
{
    public VifPluggingPolicy VifPlugging => vifPlugging;

    public async Task<InstanceEventWait> WaitForInstanceEventAsync(Instance instance, IReadOnlyList<InstanceEventName> names, TimeSpan deadline,
        Func<Task> body, CancellationToken cancellationToken = default)
    {
        // Prepared before body: an agent may report the port before body has even returned.
        var waiters = names.Select(name => (Name: name, Task: events.Prepare(instance.Uuid, name))).ToList();
        try
        {
            await body();
            return await WaitAsync(waiters, deadline, cancellationToken);
        }
        finally
        {
            foreach (var (name, task) in waiters.Where(w => !w.Task.IsCompleted))
            {
                events.Discard(instance.Uuid, name);
            }
        }
    }

    private async Task<InstanceEventWait> WaitAsync(List<(InstanceEventName Name, Task<ExternalInstanceEvent> Task)> waiters, TimeSpan deadline,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(deadline, time, stop.Token);
        var pending = waiters.Select(w => w.Task).ToList();
        var received = new List<ExternalInstanceEvent>();
        try
        {
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny([.. pending, timeout]);
                if (done == timeout)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    break;
                }
                var arrived = (Task<ExternalInstanceEvent>)done;
                pending.Remove(arrived);
                var e = await arrived;
                received.Add(e);
                if (e.Status != ExternalInstanceEvent.Completed)
                {
                    break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
        }
        var missing = waiters.Where(w => !received.Any(w.Name.Matches)).Select(w => w.Name).ToList();
        return new InstanceEventWait(received, missing);
    }
}
