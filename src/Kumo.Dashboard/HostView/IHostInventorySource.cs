namespace Kumo.Dashboard.HostView;

/// <summary>One thing on the host and who owns it, as `kumo host inventory` prints it.</summary>
public sealed record HostInventoryItem(string Kind, string Name, string Owner, bool Orphaned);

/// <summary>
/// The inventory of the compute host that runs in this process (the same listing as `kumo host
/// inventory`, from the running driver and the store). It has no REST route (in multi-host mode it
/// becomes an RPC to compute.&lt;host&gt;), so the dashboard reads it in-process and shows it to admins only.
/// </summary>
public interface IHostInventorySource
{
    /// <summary>The compute host's name; null when no compute service runs in this process.</summary>
    string? Host { get; }

    Task<IReadOnlyList<HostInventoryItem>> ListAsync(CancellationToken cancellationToken);
}
