using Kumo.OsVif.Host;

namespace Kumo.Network.Agent.Firewall;

/// <summary>Neutron's IptablesManager, reduced to what the driver needs: read the filter table, replace chains atomically.</summary>
public sealed class IptablesManager(HostToolRunner tools)
{
    /// <summary>The filter table as iptables-save prints it.</summary>
    public Task<string> SaveFilterAsync(CancellationToken cancellationToken = default) =>
        tools.RunAsync(HostTools.IptablesSave, ["-t", "filter"], cancellationToken);

    /// <summary>
    /// One iptables-restore --noflush: the chains the text declares are flushed and rewritten in one
    /// transaction, every other chain (Docker's, libvirt's, another agent's) stays as it is.
    /// </summary>
    public Task RestoreAsync(string rules, CancellationToken cancellationToken = default) =>
        tools.RunAsync(HostTools.IptablesRestore, ["-w", "10", "--noflush"], cancellationToken, standardInput: rules);

    /// <summary>User chains of the filter table whose name starts with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> Chains(string save, string prefix) =>
        save.Split('\n')
            .Where(l => l.StartsWith(':' + prefix, StringComparison.Ordinal))
            .Select(l => l[1..l.IndexOf(' ', StringComparison.Ordinal)])
            .ToList();
}
