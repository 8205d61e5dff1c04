using Kumo.Objects.Instances;

namespace Kumo.Db.Stores;

/// <summary>
/// The WHERE clause of a compare-and-set save, from the expected task states (null = "no task").
/// SQL's IN never matches NULL, so an expected null becomes an explicit IS NULL.
/// </summary>
internal sealed class TaskStateExpectation
{
    private TaskStateExpectation(string predicate, string[] names, IReadOnlyCollection<string> display)
    {
        Predicate = predicate;
        Names = names;
        Display = display;
    }

    /// <summary>SQL over task_state, using the @ExpectedTaskStates parameter when there are names.</summary>
    public string Predicate { get; }

    /// <summary>The value of @ExpectedTaskStates: the non-null states' Nova names.</summary>
    public string[] Names { get; }

    /// <summary>For the exception: Nova names, "none" for null.</summary>
    public IReadOnlyCollection<string> Display { get; }

    public static TaskStateExpectation From(IReadOnlyCollection<TaskState?> expected)
    {
        var names = expected.Where(s => s is not null).Select(s => s.ToNovaName()!).Distinct().ToArray();
        var expectsNone = expected.Any(s => s is null);
        var predicate = (names.Length > 0, expectsNone) switch
        {
            (true, true) => "(task_state IN @ExpectedTaskStates OR task_state IS NULL)",
            (true, false) => "task_state IN @ExpectedTaskStates",
            (false, true) => "task_state IS NULL",
            // An empty expectation matches nothing, as Nova's expected_task_state=[] does.
            (false, false) => "1 = 0",
        };
        var display = expected.Select(s => s.ToNovaName() ?? "none").ToArray();
        return new TaskStateExpectation(predicate, names, display);
    }
}
