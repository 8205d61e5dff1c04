using Kumo.Objects.Events;

namespace Kumo.Virt.Events;

/// <summary>One awaited event: name and tag (the port id for network-vif-plugged).</summary>
public sealed record InstanceEventName(string Name, string? Tag)
{
    /// <summary>Nova's key for a waited-for event: "name-tag".</summary>
    public string Key => Tag is null ? Name : $"{Name}-{Tag}";

    public bool Matches(ExternalInstanceEvent e) => e.Name == Name && e.Tag == Tag;
}

/// <summary>How a wait ended: what arrived, and what had not arrived when it ended.</summary>
public sealed record InstanceEventWait(IReadOnlyList<ExternalInstanceEvent> Received, IReadOnlyList<InstanceEventName> Missing)
{
    /// <summary>Events that arrived with a status other than completed (failed, in-progress).</summary>
    public IReadOnlyList<ExternalInstanceEvent> Failed => [.. Received.Where(e => e.Status != ExternalInstanceEvent.Completed)];

    public bool Complete => Missing.Count == 0 && Failed.Count == 0;
}

/// <summary>Nova's vif_plugging_timeout (seconds, 0 = do not wait) and vif_plugging_is_fatal.</summary>
public sealed record VifPluggingPolicy(TimeSpan Timeout, bool IsFatal)
{
    public static readonly VifPluggingPolicy Default = new(TimeSpan.FromSeconds(300), IsFatal: true);
}
