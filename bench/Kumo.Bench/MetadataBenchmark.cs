using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kumo.Api.Metadata;
using Kumo.Common.Processes;
using Kumo.Db;
using Kumo.Network.Agent;
using Kumo.Network.Agent.Metadata;
using Kumo.Network.Rpc;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Objects.Metadata;
using Kumo.Objects.Network;
using Kumo.OsVif.Host;
using Kumo.OsVif.Linux;
using Kumo.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Kumo.Bench;

/// <summary>
/// guest.metadata_p50_ms: one guest request (GET /openstack/latest/meta_data.json, a new TCP connection
/// each time, as cloud-init's and busybox's clients make) from a guest's namespace to 169.254.169.254,
/// through the agent's metadata proxy in a DHCP-style namespace (the same proxy and forwarder the agent
/// runs, identifying the guest by its fixed address), to the metadata service over a SQLite file store.
/// The two namespaces and their veth pair are the run's own (kbmd-/kbmg-&lt;id&gt;), removed at the end.
/// guest.metadata_service_p50_ms is the service alone (signed request from the host, no proxy).
/// </summary>
internal static class MetadataBenchmark
{
    private const string DhcpAddress = "10.251.0.2";
    private const string GuestAddress = "10.251.0.10";
    private const string Secret = "bench-metadata-secret";
    private const string RequestPath = "/openstack/latest/meta_data.json";

    public static async Task RunAsync(int count, Figures figures, CancellationToken cancellationToken)
    {
        if (Environment.UserName != "root" || !File.Exists(HostTools.Ip))
        {
            throw new InvalidOperationException($"metadata needs root and {HostTools.Ip} (it makes two network namespaces)");
        }
        var id = Guid.NewGuid().ToString("N")[..6];
        var names = new Names(id);
        var ip = new HostToolRunner(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance));
        var dir = Path.Combine(Path.GetTempPath(), "kumo-bench-md-" + id);
        Directory.CreateDirectory(dir);
        AnsiConsole.MarkupLineInterpolated($"[bold]metadata[/]: {count} requests from namespace {names.GuestNs} through the proxy in {names.DhcpNs}");
        MetadataProxies? proxies = null;
        try
        {
            await PlumbAsync(ip, names, cancellationToken);
            await using var stores = await KumoStores.OpenSqliteAsync(Path.Combine(dir, "kumo.db"), cancellationToken: cancellationToken);
            var instance = await CreateInstanceAsync(stores, cancellationToken);
            var serviceUrl = $"http://127.0.0.1:{KumoServeLauncher.FreePort()}";
            await using var service = MetadataApp.Build(new MetadataOptions { Listen = serviceUrl, ProxySharedSecret = Secret }, stores, NullLoggerFactory.Instance);
            await service.StartAsync(cancellationToken);
            // The forwarder the agent builds from its settings.
            var forwarder = MetadataForwarder.Create(new NetworkAgentOptions { MetadataUrl = serviceUrl, MetadataProxySharedSecret = Secret })!;
            proxies = new MetadataProxies(forwarder, NullLoggerFactory.Instance);
            var port = new DhcpHost(Guid.NewGuid(), "fa:16:3e:00:be:0a", GuestAddress, "bench", instance.Uuid.ToString("D"), instance.ProjectId, "compute:nova");
            await proxies.EnsureAsync(Guid.NewGuid(), names.DhcpNs, [port], cancellationToken);

            var throughProxy = await SampleAsync(count, () => GuestRequestAsync(names.GuestNs, instance.Uuid, cancellationToken));
            figures.Add("guest.metadata_p50_ms", Stats.Median(throughProxy), 2);
            figures.Add("guest.metadata_p99_ms", Stats.Percentile(throughProxy, 99), 2);
            using var direct = new HttpClient { BaseAddress = new Uri(serviceUrl) };
            var serviceAlone = await SampleAsync(count, () => ServiceRequestAsync(direct, instance, cancellationToken));
            figures.Add("guest.metadata_service_p50_ms", Stats.Median(serviceAlone), 2);
        }
        finally
        {
            if (proxies is not null)
            {
                await proxies.DisposeAsync();
            }
            await ip.TryRunAsync(HostTools.Ip, ["netns", "delete", names.GuestNs], CancellationToken.None);
            await ip.TryRunAsync(HostTools.Ip, ["netns", "delete", names.DhcpNs], CancellationToken.None);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Milliseconds of each request, after a warm-up of a tenth (JIT, the forwarder's pooled connection, SQLite's page cache).</summary>
    private static async Task<List<double>> SampleAsync(int count, Func<Task<double>> request)
    {
        for (var i = 0; i < Math.Max(10, count / 10); i++)
        {
            await request();
        }
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            samples.Add(await request());
        }
        return samples;
    }

    /// <summary>
    /// A DHCP-side namespace holding the DHCP port's address and 169.254.169.254/32 (as the DHCP agent
    /// sets it), and a guest namespace whose route to 169.254.169.254 goes via that port (DHCP option 121).
    /// </summary>
    private static async Task PlumbAsync(HostToolRunner ip, Names names, CancellationToken cancellationToken)
    {
        string[][] steps =
        [
            ["netns", "add", names.DhcpNs],
            ["netns", "add", names.GuestNs],
            ["link", "add", names.DhcpDevice, "type", "veth", "peer", "name", names.GuestDevice],
            ["link", "set", names.DhcpDevice, "netns", names.DhcpNs],
            ["link", "set", names.GuestDevice, "netns", names.GuestNs],
            ["-n", names.DhcpNs, "address", "add", DhcpAddress + "/24", "dev", names.DhcpDevice],
            ["-n", names.DhcpNs, "address", "add", MetadataProxyApp.Address + "/32", "dev", names.DhcpDevice],
            ["-n", names.DhcpNs, "link", "set", names.DhcpDevice, "up"],
            ["-n", names.DhcpNs, "link", "set", "lo", "up"],
            ["-n", names.GuestNs, "address", "add", GuestAddress + "/24", "dev", names.GuestDevice],
            ["-n", names.GuestNs, "link", "set", names.GuestDevice, "up"],
            ["-n", names.GuestNs, "link", "set", "lo", "up"],
            ["-n", names.GuestNs, "route", "add", MetadataProxyApp.Address + "/32", "via", DhcpAddress],
        ];
        foreach (var step in steps)
        {
            await ip.RunAsync(HostTools.Ip, step, cancellationToken);
        }
    }

    /// <summary>HTTP/1.0 over a fresh connection from the guest's namespace, as `wget`/`nc` in a guest; checks the answer is the guest's own.</summary>
    /// <remarks>The socket is made in the namespace before the clock starts: the guest's socket(2) is no part of the metadata path.</remarks>
    private static async Task<double> GuestRequestAsync(string guestNs, Guid uuid, CancellationToken cancellationToken)
    {
        using var socket = NetworkNamespaceThread.Run(guestNs, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
        var started = Stopwatch.GetTimestamp();
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(MetadataProxyApp.Address), MetadataProxyApp.Port), cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {RequestPath} HTTP/1.0\r\nHost: {MetadataProxyApp.Address}\r\n\r\n"), cancellationToken);
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, cancellationToken)) > 0)
        {
            answer.Write(buffer, 0, read);
        }
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var text = Encoding.UTF8.GetString(answer.ToArray());
        if (!text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) || !text.Contains(uuid.ToString("D"), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The proxy answered: {text[..Math.Min(text.Length, 200)]}");
        }
        return elapsed;
    }

    private static async Task<double> ServiceRequestAsync(HttpClient direct, Instance instance, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, RequestPath);
        request.Headers.Add(MetadataProxyHeaders.InstanceId, instance.Uuid.ToString("D"));
        request.Headers.Add(MetadataProxyHeaders.TenantId, instance.ProjectId);
        request.Headers.Add(MetadataProxyHeaders.Signature, MetadataProxyHeaders.Sign(Secret, instance.Uuid.ToString("D")));
        using var response = await direct.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>A server with what a cloud-init guest is given: a key, user data, metadata, one port.</summary>
    private static async Task<Instance> CreateInstanceAsync(KumoStores stores, CancellationToken cancellationToken)
    {
        var uuid = Guid.NewGuid();
        var instance = new Instance
        {
            Uuid = uuid, DisplayName = "bench", Hostname = "bench", ProjectId = "bench-project", UserId = "bench", ImageRef = Guid.NewGuid(),
            Flavor = new Flavor { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512, RootGb = 1 },
            KeyName = "bench", KeyData = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchBenchBenchBenchBenchBenchBenchBench bench",
            Metadata = new Dictionary<string, string> { ["role"] = "bench", ["tier"] = "web" },
            UserData = Convert.ToBase64String(new byte[4096]),
        };
        await stores.Instances.CreateAsync(instance, cancellationToken);
        var subnet = new VifSubnet(Guid.NewGuid(), "10.251.0.0/24", "10.251.0.1", [GuestAddress], [], [], DhcpEnabled: true);
        var vif = new Vif(Guid.NewGuid(), Guid.NewGuid(), "fa:16:3e:00:be:0a", "ovs", "tapbench", [GuestAddress], 1450) { Subnets = [subnet], NetworkLabel = "bench" };
        await stores.InstanceInfoCaches.SaveAsync(uuid, new NetworkInfo([vif]), cancellationToken);
        return instance;
    }

    private sealed record Names(string Id)
    {
        public string DhcpNs => "kbmd-" + Id;
        public string GuestNs => "kbmg-" + Id;
        public string DhcpDevice => "kbmd" + Id;
        public string GuestDevice => "kbmg" + Id;
    }
}
