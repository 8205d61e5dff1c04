using System.Diagnostics;

namespace Kumo.Virt.Libvirt.Tests.ConfigDrive;

/// <summary>genisoimage's isoinfo, to read an ISO back the way a guest would (Joliet and Rock Ridge names).</summary>
internal static class IsoInfo
{
    /// <summary>"Volume id: config-2" and the other header lines of the primary volume descriptor.</summary>
    public static string Header(string iso) => Run("-d", "-i", iso);

    /// <summary>Every path in the Rock Ridge tree, as a guest's isofs mount shows it.</summary>
    public static IReadOnlyList<string> Files(string iso) =>
        [.. Run("-R", "-f", "-i", iso).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];

    public static string Read(string iso, string path) => Run("-R", "-x", path, "-i", iso);

    private static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("isoinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"isoinfo {string.Join(' ', arguments)} exited {process.ExitCode}: {error}");
    }
}
