using System.Runtime.InteropServices;
using System.Text;

namespace Kumo.Common.IO;

/// <summary>
/// Private scratch folders for files that live a few milliseconds (a config drive's tree). Made by
/// mkdtemp(3): created 0700 atomically under a fresh name, so a shared parent such as /dev/shm
/// (1777) cannot hand the service a folder or link someone else prepared.
/// </summary>
public static partial class ScratchDirectories
{
    /// <summary>
    /// /dev/shm when the host has it (tmpfs: unlinking there is free, while on an ext4 mounted with
    /// `discard` removing a 50-file tree took 40-400 ms, 10x genisoimage itself), else null.
    /// </summary>
    public static string? MemoryBacked { get; } = Directory.Exists("/dev/shm") ? "/dev/shm" : null;

    /// <summary>Creates <paramref name="parent"/>/<paramref name="prefix"/>XXXXXX (0700) and returns its path.</summary>
    public static unsafe string Create(string parent, string prefix)
    {
        var template = Encoding.UTF8.GetBytes(Path.Combine(parent, prefix + "XXXXXX") + "\0");
        fixed (byte* path = template)
        {
            if (MakeTemporaryDirectory(path) is null)
            {
                throw new IOException($"Could not create a scratch folder in {parent}: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
        return Encoding.UTF8.GetString(template, 0, template.Length - 1);
    }

    [LibraryImport("libc", EntryPoint = "mkdtemp", SetLastError = true)]
    private static unsafe partial byte* MakeTemporaryDirectory(byte* template);
}
