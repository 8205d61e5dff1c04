using System.Collections.Concurrent;
using System.Diagnostics;
using Kumo.Compute.Tests.Support;

namespace Kumo.Compute.Tests.Telemetry;

public sealed class BuildTraceTests
{
    [Fact]
    public async Task A_build_is_one_trace_from_the_api_cast_through_conductor_and_scheduler_to_the_spawn()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("Kumo.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var fake = await FakeCloud.StartAsync();

        ActivityTraceId traceId;
        ActivitySpanId rootId;
        using (var root = new Activity("test request").Start())
        {
            (traceId, rootId) = (root.TraceId, root.SpanId);
            await fake.BootAsync("traced");
        }
        await fake.StopAsync(); // the consumer's span ends after the action finished: let it end

        // Other tests run meanwhile and trace too: only this request's trace counts.
        var build = spans.Where(s => s.TraceId == traceId).ToList();
        Assert.Equal(rootId, Assert.Single(build, s => s.DisplayName == "conductor schedule_and_build_instances send").ParentSpanId);
        Span(build, "conductor schedule_and_build_instances process", parent: "conductor schedule_and_build_instances send");
        Span(build, "scheduler select_destinations send", parent: "conductor schedule_and_build_instances process");
        Span(build, "scheduler select_destinations process", parent: "scheduler select_destinations send");
        Span(build, "compute.compute-1 build_and_run_instance send", parent: "conductor schedule_and_build_instances process");
        Span(build, "compute.compute-1 build_and_run_instance process", parent: "compute.compute-1 build_and_run_instance send");
        Span(build, "build_and_run_instance", parent: "compute.compute-1 build_and_run_instance process");
        Span(build, "instance_claim", parent: "build_and_run_instance");
        Span(build, "allocate_network", parent: "build_and_run_instance");
        Span(build, "spawn", parent: "build_and_run_instance");
    }

    private static void Span(List<Activity> trace, string name, string parent)
    {
        var span = Assert.Single(trace, s => s.DisplayName == name);
        Assert.Equal(parent, Assert.Single(trace, s => s.SpanId == span.ParentSpanId).DisplayName);
    }
}
