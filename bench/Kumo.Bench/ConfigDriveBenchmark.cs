using System.Diagnostics;
using Kumo.Common.IO;
using Kumo.Common.Processes;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.ConfigDrive;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Kumo.Bench;

/// <summary>
/// guest.config_drive_ms: the time one spawn spends on its config drive (the metadata tree of every
/// version in the builder's memory-backed scratch folder, then genisoimage writing the ISO into the
/// bench's folder on disk, as into an instance's), for a server with a key, user data, metadata and
/// two injected files.
/// </summary>
internal static class ConfigDriveBenchmark
{
    public static async Task RunAsync(int count, Figures figures, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kumo-bench-cd-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        AnsiConsole.MarkupLineInterpolated($"[bold]config drive[/]: {count} builds (after one warm-up) in {dir}");
        var builder = new ConfigDriveBuilder(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance));
        try
        {
            var samples = new List<double>(count);
            for (var i = 0; i <= count; i++)
            {
                var iso = Path.Combine(dir, $"disk.config.{i}");
                var started = Stopwatch.GetTimestamp();
                await builder.BuildAsync(Metadata(), iso, cancellationToken);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                File.Delete(iso);
                if (i > 0)
                {
                    samples.Add(ms);
                }
            }
            figures.Add("guest.config_drive_ms", Stats.Median(samples), 1);
            figures.Add("guest.config_drive_p99_ms", Stats.Percentile(samples, 99), 1);
            // Of which the metadata tree alone, where the builder writes it (the rest is genisoimage's process).
            var tree = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                var root = ScratchDirectories.Create(ScratchDirectories.MemoryBacked ?? dir, "kumo-bench-tree-");
                var started = Stopwatch.GetTimestamp();
                ConfigDriveBuilder.WriteTree(Metadata(), root);
                tree.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Directory.Delete(root, recursive: true);
            }
            figures.Add("guest.config_drive_tree_ms", Stats.Median(tree), 1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static InstanceMetadata Metadata()
    {
        var uuid = Guid.NewGuid();
        var instance = new Instance
        {
            Uuid = uuid, DisplayName = "bench", Hostname = "bench", ProjectId = "bench", UserId = "bench", ImageRef = uuid,
            Flavor = new Flavor { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512, RootGb = 1 },
            KeyName = "bench", KeyData = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchBenchBenchBenchBenchBenchBenchBench bench",
            Metadata = new Dictionary<string, string> { ["role"] = "bench", ["tier"] = "web" },
            UserData = Convert.ToBase64String(new byte[4096]),
        };
        InjectedFile[] files = [new("/etc/motd", Convert.ToBase64String(new byte[1024])), new("/etc/app.conf", Convert.ToBase64String(new byte[8192]))];
        return new InstanceMetadata(instance, NetworkInfo.Empty, files, "bench-password");
    }
}
