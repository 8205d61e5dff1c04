using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kumo.OsVif.Linux;

/// <summary>
/// Runs a piece of work inside a named network namespace from this process: a dedicated thread
/// enters the namespace (setns(2) moves only the calling thread), runs it, and goes back. A socket
/// created there keeps that namespace for its whole life, whichever thread uses it afterwards, so a
/// listener (the metadata proxy) or a client (a benchmark's guest) needs no process in the namespace.
/// </summary>
public static partial class NetworkNamespaceThread
{
    private const int CloneNewNet = 0x40000000;

    public static T Run<T>(string netns, Func<T> work)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunInNamespace(netns, work);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }) { IsBackground = true, Name = "netns " + netns };
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw new InvalidOperationException($"In network namespace {netns}: {failure.Message}", failure);
    }

    private static T RunInNamespace<T>(string netns, Func<T> work)
    {
        using var own = File.OpenHandle("/proc/thread-self/ns/net");
        using var target = File.OpenHandle(Path.Combine("/run/netns", netns));
        if (SetNs(target, CloneNewNet) != 0)
        {
            throw new IOException($"setns failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        try
        {
            return work();
        }
        finally
        {
            // Should the way back fail, the thread ends here anyway: no other work ever runs on it.
            _ = SetNs(own, CloneNewNet);
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(SafeFileHandle fd, int nstype);
}
