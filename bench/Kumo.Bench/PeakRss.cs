using System.Diagnostics;

namespace Kumo.Bench;

/// <summary>The process's peak resident set (the kernel's VmHWM), resettable so a phase reports its own peak.</summary>
internal static class PeakRss
{
    /// <summary>
    /// Resets VmHWM to the current RSS (Linux 4.0+: writing 5 to /proc/self/clear_refs), so that in
    /// `all` the throughput peak is not the boot phase's. False when the kernel does not allow it.
    /// </summary>
    public static bool TryReset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static double PeakMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
