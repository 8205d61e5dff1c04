using Kumo.Objects.Instances;

namespace Kumo.Compute.Deadlines;

/// <summary>
/// How long each compute operation may run once it holds its instance's lock (Compute:Deadlines:*).
/// Past it the operation is stopped and ends in a final state with a fault naming the step. Nova has
/// only instance_build_timeout (0, disabled, by default), so its servers can stay in BUILD or
/// deleting for as long as a call hangs. Zero disables a deadline.
/// </summary>
public sealed class OperationDeadlines
{
    /// <summary>Claim, network, image download and spawn together (a 10 GB image at 20 MB/s is 9 min).</summary>
    public TimeSpan Build { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan Delete { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Covers the clean shutdown (Compute:ShutdownTimeout, 60 s) and the destroy after it.</summary>
    public TimeSpan Stop { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Start { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A soft reboot waits for the guest (libvirt's 120 s) before it falls back to a hard one.</summary>
    public TimeSpan Reboot { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an operation cut at its deadline is still waited for before it is abandoned (its call
    /// ignores cancellation: a native libvirt call, a hung QEMU monitor): one that honours its token is
    /// undoing what it did by then (a libvirt destroy may wait 15 s for QEMU to die: SIGTERM, SIGKILL after 10 s). The final
    /// state is written by the deadline plus this at the latest. Zero abandons at the deadline itself.
    /// </summary>
    public TimeSpan AbandonGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Each call to the network service within a build (ports created or bound to the host, Nova's
    /// allocate_for_instance): a network server that does not answer ends the build in ERROR now, not
    /// at the end of <see cref="Build"/>. Nova waits on Neutron for as long as its HTTP client does
    /// ([neutron] timeout, unset by default).
    /// </summary>
    public TimeSpan AllocateNetwork { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Each other call to the network service: the ports read (delete, start, reboot, init_host),
    /// deleted or unbound (delete, a failed build's undo).
    /// </summary>
    public TimeSpan NetworkCall { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often the conductor ends the pending operations of servers whose compute service is down
    /// (its heartbeat older than ServiceDownTime) once they are past their deadline.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The deadline of the operation a task state belongs to, with its setting's name; null when it is no pending operation.</summary>
    public (TimeSpan Limit, string Setting, string Operation)? ForTaskState(TaskState taskState) => taskState switch
    {
        TaskState.Scheduling or TaskState.Networking
            or TaskState.BlockDeviceMapping or TaskState.Spawning => (Build, nameof(Build), "build"),
        TaskState.Deleting => (Delete, nameof(Delete), "delete"),
        TaskState.PoweringOff => (Stop, nameof(Stop), "stop"),
        TaskState.PoweringOn => (Start, nameof(Start), "start"),
        TaskState.Rebooting or TaskState.RebootingHard => (Reboot, nameof(Reboot), "reboot"),
        _ => null,
    };
}
