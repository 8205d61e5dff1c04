using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.Libvirt.Designer;

namespace Kumo.Virt.Libvirt.Driver;

// Guest power and state: info, power off/on, reboot, console.
public sealed partial class LibvirtDriver
{
    public Task<InstanceInfo> GetInfoAsync(Instance instance, CancellationToken cancellationToken = default) => Task.Run(() => Libvirt(c =>
    {
        using var domain = c.TryLookupByUuid(instance.Uuid) ?? throw new InstanceNotFoundException(instance.Uuid);
        var info = domain.GetInfo();
        return new InstanceInfo(PowerStateMap.From(info.State), info.Vcpus, (long)info.MaxMemKb, (long)info.MemoryKb, (long)info.CpuTimeNs);
    }, cancellationToken), cancellationToken);

    public async Task PowerOffAsync(Instance instance, TimeSpan cleanShutdownTimeout, CancellationToken cancellationToken = default)
    {
        using var domain = await Task.Run(() => Connection.TryLookupByUuid(instance.Uuid), cancellationToken) ?? throw new InstanceNotFoundException(instance.Uuid);
        if (!domain.IsActive)
        {
            return;
        }
        if (cleanShutdownTimeout > TimeSpan.Zero)
        {
            await Task.Run(domain.Shutdown, cancellationToken);
            var deadline = DateTime.UtcNow + cleanShutdownTimeout;
            while (DateTime.UtcNow < deadline && domain.IsActive)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
        if (domain.IsActive)
        {
            await Task.Run(domain.Destroy, cancellationToken);
        }
    }

    public async Task PowerOnAsync(Instance instance, NetworkInfo networkInfo, CancellationToken cancellationToken = default)
    {
        using var domain = await Task.Run(() => Connection.TryLookupByUuid(instance.Uuid), cancellationToken) ?? throw new InstanceNotFoundException(instance.Uuid);
        if (!domain.IsActive)
        {
            await PlugVifsAsync(instance, networkInfo, cancellationToken);
            await Task.Run(() => domain.Create(), cancellationToken);
        }
    }

    /// <summary>
    /// Nova's libvirt reboot. SOFT: an ACPI shutdown, up to wait_soft_reboot_seconds for the guest to
    /// stop, then start it again; a guest that does not stop in time gets a HARD reboot. HARD: destroy,
    /// redefine from the saved libvirt.xml (so a definition changed behind Kumo's back is put right),
    /// plug the VIFs and start.
    /// </summary>
    public async Task RebootAsync(Instance instance, NetworkInfo networkInfo, bool hard, CancellationToken cancellationToken = default)
    {
        if (!hard && await SoftRebootAsync(instance, cancellationToken))
        {
            return;
        }
        if (!hard)
        {
            LogSoftRebootFellBack(instance.Uuid, options.WaitSoftRebootSeconds);
        }
        await HardRebootAsync(instance, networkInfo, cancellationToken);
    }

    private async Task<bool> SoftRebootAsync(Instance instance, CancellationToken cancellationToken)
    {
        using var domain = await Task.Run(() => Connection.TryLookupByUuid(instance.Uuid), cancellationToken) ?? throw new InstanceNotFoundException(instance.Uuid);
        if (!domain.IsActive)
        {
            return false;
        }
        await Task.Run(domain.Shutdown, cancellationToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(options.WaitSoftRebootSeconds);
        while (domain.IsActive)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(250, cancellationToken);
        }
        await Task.Run(() => domain.Create(), cancellationToken);
        return true;
    }

    private async Task HardRebootAsync(Instance instance, NetworkInfo networkInfo, CancellationToken cancellationToken)
    {
        var savedXml = InstancePaths.For(options.InstancesPath, instance.Uuid).LibvirtXml;
        var xml = File.Exists(savedXml) ? await File.ReadAllTextAsync(savedXml, cancellationToken) : null;
        await Task.Run(() =>
        {
            using (var current = Connection.TryLookupByUuid(instance.Uuid) ?? throw new InstanceNotFoundException(instance.Uuid))
            {
                if (current.IsActive)
                {
                    current.Destroy();
                }
            }
        }, cancellationToken);
        await PlugVifsAsync(instance, networkInfo, cancellationToken);
        await Task.Run(() =>
        {
            using var domain = xml is null ? Connection.LookupByUuid(instance.Uuid) : Connection.DefineXml(xml);
            domain.Create();
        }, cancellationToken);
    }

    public async Task<string> GetConsoleOutputAsync(Instance instance, CancellationToken cancellationToken = default)
    {
        var log = InstancePaths.For(options.InstancesPath, instance.Uuid).ConsoleLog;
        if (!File.Exists(log))
        {
            return "";
        }
        await using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var start = Math.Max(0, stream.Length - options.MaxConsoleBytes);
        stream.Seek(start, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
