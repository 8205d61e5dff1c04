using System.Runtime.InteropServices;

namespace Kumo.Network.Agent.Dhcp;

/// <summary>kill(2): .NET sends only SIGKILL/SIGTERM-by-Kill; dnsmasq reloads its host files on SIGHUP.</summary>
internal static partial class Signals
{
    public const int SigHup = 1;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static bool Send(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>The process's command line (NUL-separated in /proc), or null when it is gone.</summary>
    public static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
