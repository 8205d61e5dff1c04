using System.Text.Json.Nodes;
using Kumo.OsVif.Host;

namespace Kumo.OsVif.Linux;

/// <summary>`ip netns`: named network namespaces (the DHCP agent's qdhcp-&lt;network&gt;). Idempotent.</summary>
public sealed class IpNetns(HostToolRunner tools)
{
    public async Task AddAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!(await ListAsync(cancellationToken)).Contains(name))
        {
            await tools.RunAsync(HostTools.Ip, ["netns", "add", name], cancellationToken);
        }
        await tools.RunAsync(HostTools.Ip, ["-n", name, "link", "set", "dev", "lo", "up"], cancellationToken);
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        if ((await ListAsync(cancellationToken)).Contains(name))
        {
            await tools.RunAsync(HostTools.Ip, ["netns", "delete", name], cancellationToken);
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var json = await tools.RunAsync(HostTools.Ip, ["-json", "netns", "list"], cancellationToken);
        return string.IsNullOrWhiteSpace(json) || JsonNode.Parse(json) is not JsonArray list
            ? []
            : list.Select(n => (string?)n?["name"]).OfType<string>().ToList();
    }

    /// <summary>Runs a program inside the namespace (ip netns exec): the program by absolute path, arguments as a list.</summary>
    public Task<string> ExecAsync(string name, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        tools.RunAsync(HostTools.Ip, ["netns", "exec", name, program, .. arguments], cancellationToken);

    /// <summary>The pids of the processes running in the namespace (ip netns pids).</summary>
    public async Task<IReadOnlyList<int>> PidsAsync(string name, CancellationToken cancellationToken = default)
    {
        var result = await tools.TryRunAsync(HostTools.Ip, ["netns", "pids", name], cancellationToken);
        return result.ExitCode != 0 ? [] : result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => int.TryParse(l.Trim(), out var pid) ? pid : 0).Where(p => p > 0).ToList();
    }
}
