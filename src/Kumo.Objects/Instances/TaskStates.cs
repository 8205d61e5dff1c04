namespace Kumo.Objects.Instances;

/// <summary>Expectation sets for compare-and-set saves.</summary>
public static class TaskStates
{
    /// <summary>
    /// Any task state, none included, except deleting: what a write expects when it must never undo
    /// a delete that claimed the instance meanwhile.
    /// </summary>
    public static readonly IReadOnlyCollection<TaskState?> AnyButDeleting =
        [null, .. Enum.GetValues<TaskState>().Where(s => s != TaskState.Deleting).Cast<TaskState?>()];
}
