using System.Collections.Concurrent;
using System.Diagnostics;

namespace Kumo.Common.Processes;

/// <summary>
/// The host commands running now, so that they die with the service: <see cref="KillAll"/> runs when
/// `kumo serve` stops (a qemu-img convert or a dnsmasq must not outlive it, holding files and
/// ports). PR_SET_PDEATHSIG is not used: it fires when the forking thread exits, and .NET forks from
/// pool threads that retire while the child still runs. After a kill -9 the commands still end on
/// their own timeout and, for qemu-img, its CPU limit.
/// </summary>
public sealed class ChildProcesses
{
    private readonly ConcurrentDictionary<int, Process> _running = new();

    /// <summary>The registry every runner of this process uses unless given its own.</summary>
    public static ChildProcesses Shared { get; } = new();

    public int Count => _running.Count;

    internal void Add(Process process) => _running[process.Id] = process;

    internal void Remove(Process process) => _running.TryRemove(process.Id, out _);

    /// <summary>Kills every running command's whole process tree; returns how many there were.</summary>
    public int KillAll()
    {
        var killed = 0;
        foreach (var (id, process) in _running)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                killed++;
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
            _running.TryRemove(id, out _);
        }
        return killed;
    }
}
