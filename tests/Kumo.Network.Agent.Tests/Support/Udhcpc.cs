namespace Kumo.Network.Agent.Tests.Support;

/// <summary>busybox udhcpc in a guest namespace: what the project's guest runs at boot. Its script configures
/// the address and writes the lease's options (address, prefix, router, MTU, classless routes) for the test to read.</summary>
public static class Udhcpc
{
    public sealed record Lease(string Ip, string Mask, string Router, string Mtu, string StaticRoutes);

    public static async Task<Lease> RequestAsync(TestHost host, string ns)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kumo-net-tests", host.Id, ns);
        Directory.CreateDirectory(dir);
        var script = Path.Combine(dir, "udhcpc.sh");
        var leaseFile = Path.Combine(dir, "lease");
        await File.WriteAllTextAsync(script, $$"""
            #!/bin/sh
            case "$1" in
              bound|renew)
                /usr/sbin/ip addr add "$ip/$mask" dev "$interface"
                printf '%s\n%s\n%s\n%s\n%s\n' "$ip" "$mask" "$router" "$mtu" "$staticroutes" > {{leaseFile}}
                ;;
            esac
            exit 0

            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var result = await host.InNamespaceAsync(ns, "/usr/bin/busybox", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "10", "-T", "1",
            "-O", "mtu", "-O", "staticroutes", "-s", script);
        if (result.ExitCode != 0 || !File.Exists(leaseFile))
        {
            throw new InvalidOperationException($"udhcpc got no lease (exit {result.ExitCode}): {result.StdErr}{result.StdOut}");
        }
        var lines = await File.ReadAllLinesAsync(leaseFile);
        return new Lease(lines[0], lines[1], lines[2], lines[3], lines[4]);
    }
}
