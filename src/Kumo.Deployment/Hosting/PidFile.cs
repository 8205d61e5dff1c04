using System.Globalization;

namespace Kumo.Deployment.Hosting;

/// <summary>
/// `kumo serve --pid-file`: refuses to start while the file names a live kumo process (a second
/// service on the same files would fight the first), replaces a stale one (a pid that is gone or now
/// another program's), and removes the file on exit only while it still names this process.
/// </summary>
public sealed class PidFile : IDisposable
{
    private readonly string _path;

    private PidFile(string path) => _path = path;

    public static PidFile Acquire(string path)
    {
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        for (var attempt = 0; ; attempt++)
        {
            if (Owner(path) is { } pid && pid != Environment.ProcessId && IsKumo(pid))
            {
                throw new InvalidOperationException($"{path} names process {pid}, a running kumo: stop it first (tools/kumo-service.sh stop) or use another --pid-file.");
            }
            File.Delete(path);
            try
            {
                // CreateNew: of two processes starting at once, one wins and the other sees its pid next time round.
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(stream);
                writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
                return new PidFile(path);
            }
            catch (IOException) when (attempt < 3 && File.Exists(path))
            {
            }
        }
    }

    /// <summary>The pid a pid file names, or null when it is missing or holds no number.</summary>
    public static int? Owner(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A live process running kumo (its command line names kumo: `kumo serve` or `dotnet kumo.dll serve`).</summary>
    public static bool IsKumo(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains("kumo", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (Owner(_path) == Environment.ProcessId)
        {
            File.Delete(_path);
        }
    }
}
