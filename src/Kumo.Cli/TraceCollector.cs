using System.Collections.Concurrent;
using System.Diagnostics;
using Spectre.Console;

namespace Kumo.Cli;

/// <summary>
/// `kumo --trace`: listens to Kumo's spans (RPC, compute manager, libvirt driver) and prints each
/// trace as a tree with start offsets and durations, so an operator sees where a boot's time went
/// without setting up a collector.
/// </summary>
internal sealed class TraceCollector : IDisposable
{
    private readonly ConcurrentQueue<Activity> _finished = new();
    private readonly ActivityListener _listener;

    public TraceCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Kumo.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _finished.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Print()
    {
        var spans = _finished.ToList();
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        foreach (var root in spans.Where(s => s.ParentSpanId == default || !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartTimeUtc))
        {
            var tree = new Tree(Label(root, root.StartTimeUtc));
            AddChildren(tree, root, spans, root.StartTimeUtc);
            AnsiConsole.Write(tree);
        }
    }

    private static void AddChildren(IHasTreeNodes node, Activity parent, List<Activity> spans, DateTime origin)
    {
        foreach (var child in spans.Where(s => s.ParentSpanId == parent.SpanId).OrderBy(s => s.StartTimeUtc))
        {
            AddChildren(node.AddNode(Label(child, origin)), child, spans, origin);
        }
    }

    private static string Label(Activity span, DateTime origin)
    {
        var status = span.Status == ActivityStatusCode.Error ? $" [red]{Markup.Escape(span.StatusDescription ?? "error")}[/]" : "";
        return $"{Markup.Escape(span.DisplayName)} [grey]+{(span.StartTimeUtc - origin).TotalMilliseconds:0.0} ms[/] [bold]{span.Duration.TotalMilliseconds:0.0} ms[/]{status}";
    }

    public void Dispose() => _listener.Dispose();
}
