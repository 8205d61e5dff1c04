namespace Kumo.Virt.Progress;

/// <summary>Runs a body as one step of a timeline; with no timeline (a driver test) it just runs the body.</summary>
public static class BuildTimelineSteps
{
    public static async Task<T> StepAsync<T>(this IBuildTimeline? timeline, string eventName, Func<Task<T>> body)
    {
        if (timeline is null)
        {
            return await body();
        }
        var step = timeline.Start(eventName);
        var succeeded = false;
        try
        {
            var result = await body();
            succeeded = true;
            return result;
        }
        finally
        {
            timeline.Finish(step, succeeded);
        }
    }

    public static Task StepAsync(this IBuildTimeline? timeline, string eventName, Func<Task> body) =>
        timeline.StepAsync(eventName, async () =>
        {
            await body();
            return true;
        });

    public static T Step<T>(this IBuildTimeline? timeline, string eventName, Func<T> body)
    {
        if (timeline is null)
        {
            return body();
        }
        var step = timeline.Start(eventName);
        var succeeded = false;
        try
        {
            var result = body();
            succeeded = true;
            return result;
        }
        finally
        {
            timeline.Finish(step, succeeded);
        }
    }
}
