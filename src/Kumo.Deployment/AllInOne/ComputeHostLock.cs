using Kumo.Objects.Errors;

namespace Kumo.Deployment.AllInOne;

/// <summary>
/// One compute service per host and state directory. A second one would find the first one's builds
/// in BUILDING and, as init_host does, fail them as interrupted; this lock (an flock held while the
/// service runs, released by the kernel if the process dies) turns that into a clear refusal.
/// </summary>
public sealed class ComputeHostLock : IDisposable
{
    private readonly FileStream _file;

    private ComputeHostLock(FileStream file) => _file = file;

    public static ComputeHostLock Acquire(string stateDir, string host)
    {
        Directory.CreateDirectory(stateDir);
        var path = Path.Combine(stateDir, $"compute-{host}.lock");
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new ComputeHostBusyException(host, path, TryReadOwner(path));
        }
        try
        {
            // The locked file cannot be read by others (.NET maps FileShare onto flock), so the owner goes beside it.
            File.WriteAllText(path + ".owner", Environment.ProcessId.ToString());
        }
        catch
        {
            file.Dispose(); // e.g. a full disk: say so as it is, and keep no lock behind
            throw;
        }
        return new ComputeHostLock(file);
    }

    private static string TryReadOwner(string path)
    {
        try
        {
            return File.ReadAllText(path + ".owner").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public void Dispose() => _file.Dispose();
}

public sealed class ComputeHostBusyException(string host, string lockPath, string ownerPid)
    : KumoException($"The compute service for host {host} is already running in another process (pid {ownerPid}, lock {lockPath}). Wait for that command to finish, or stop it.")
{
    public override int Code => 409;
}
