using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kumo.Deployment.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Kumo.EndToEndTests;

/// <summary>
/// Traffic between real guests and from the host side, on the real agent (OVS netdev, iptables, dnsmasq) and QEMU
/// under TCG: one cloud and three guests for the whole story, since each TCG boot costs seconds. Two servers on one
/// network get their addresses by DHCP and ping each other; a probe (neutron-debug's) shows a security group rule
/// opening ping to a running server within a second and its removal closing it again; a server on a second network
/// with the same CIDR reaches neither of them (only the local VLANs keep them apart); after the deletes nothing
/// this test made is left on the host (`kumo host inventory` before and after).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class GuestReachabilityTests(ITestOutputHelper output)
{
    private const string Prefix = "10.77.5";

    /// <summary>Under TCG on a busy 2-core machine two guests booting at once take tens of seconds to come up.</summary>
    private const int PeerPingSeconds = 150;

    /// <summary>How long the isolated guest keeps trying: its peers are up (they pinged each other) before it boots.</summary>
    private const int IsolatedPingSeconds = 15;

    [HostNetworkFact]
    public async Task Servers_on_one_network_ping_each_other_not_across_networks_and_a_security_group_rule_opens_ping_within_a_second()
    {
        var scope = new HostNetworkScope();
        LibvirtCloud? e2e = null;
        try
        {
            e2e = await LibvirtCloud.StartAsync(scope.Configure);
            await new Scenario(e2e, scope, await e2e.AdminClientAsync(), output).RunAsync();
        }
        finally
        {
            if (e2e is not null)
            {
                await e2e.DisposeAsync();
            }
            await scope.CleanupAsync();
        }
    }

    private sealed class Scenario(LibvirtCloud e2e, HostNetworkScope scope, HttpClient client, ITestOutputHelper output)
    {
        private readonly string _name = "e2e-reach-" + scope.Bridge;
        private readonly List<string> _ids = [];

        public async Task RunAsync()
        {
            var before = await InventoryAsync();
            var net1 = await CreateNetworkAsync("1", pool: null);
            var net2 = await CreateNetworkAsync("2", pool: (100, 150));
            var group = (string)(await client.CreateResourceAsync("security-groups", "security_group", new JsonObject { ["name"] = _name }))["id"]!;
            _ids.Add(group);

            var (a, b) = await BootPeersAsync(net1);
            await using (var probe = await NetworkProbe.CreateAsync(e2e, client, net1, TimeSpan.FromSeconds(30)))
            {
                _ids.Add(probe.PortId.ToString());
                var probeNs = Assert.Single(await InventoryAsync(), l => l.Name == probe.Namespace);
                Assert.Equal(("netns", false), (probeNs.Kind, probeNs.Orphaned));
                await RuleOpensAndClosesPingAsync(probe, group, b);
            }
            var c = await BootIsolatedAsync(net2);

            var during = await InventoryAsync();
            var ours = during.Where(Ours).ToList();
            // Three hybrid plugs (tap/qbr/qvb/qvo, OVS port, 3 chains each); per network a qdhcp namespace, its dnsmasq and port.
            Assert.Equal((3, 3, 9, 2, 2), (ours.Count(l => l.Kind == "qbr"), ours.Count(l => l.Kind == "qvo"), ours.Count(l => l.Kind == "iptables-chain"),
                ours.Count(l => l.Kind == "netns"), ours.Count(l => l.Kind == "dnsmasq")));
            Assert.Empty(ours.Where(l => l.Orphaned).Select(l => $"{l.Kind} {l.Name}"));
            foreach (var server in new[] { a, b, c })
            {
                await ServerRequests.DeleteAsync(client, server);
            }
            foreach (var network in new[] { net1, net2 })
            {
                await client.DeleteResourceAsync("networks", network);
            }
            await client.DeleteResourceAsync("security-groups", group);
            await AssertNothingLeftAsync(before, during);
        }

        /// <summary>A and B on the first network, each asked to ping the other; B also in the test's group (no ingress yet).</summary>
        private async Task<(Guid A, Guid B)> BootPeersAsync(string network)
        {
            string ipA = $"{Prefix}.11", ipB = $"{Prefix}.12";
            var a = await CreateServerAsync("a", network, ipA, ["default"], $"kumo-ping {ipB}\nkumo-ping-wait {PeerPingSeconds}\n");
            var b = await CreateServerAsync("b", network, ipB, ["default", _name], $"kumo-ping {ipA}\nkumo-ping-wait {PeerPingSeconds}\n");
            foreach (var (server, ip) in new[] { (a, ipA), (b, ipB) })
            {
                await WaitActiveAsync(server);
                Assert.Equal(ip, await ConsoleValueAsync(server, "KUMO-GUEST-NET ip="));
            }
            // The default group lets members in: each one's ICMP reaches the other.
            Assert.Equal("ok", await ConsoleValueAsync(a, $"KUMO-PING {ipB} ", TimeSpan.FromSeconds(PeerPingSeconds + 30)));
            Assert.Equal("ok", await ConsoleValueAsync(b, $"KUMO-PING {ipA} ", TimeSpan.FromSeconds(PeerPingSeconds + 30)));
            return (a, b);
        }

        /// <summary>The probe is in no group of B's: only the test group's ICMP rule, while it exists, lets its ping in.</summary>
        private async Task RuleOpensAndClosesPingAsync(NetworkProbe probe, string group, Guid server)
        {
            var ip = $"{Prefix}.12";
            Assert.False(await probe.PingAsync(ip, count: 2), "the probe's ping reached the server although none of its groups lets ICMP in");
            var bootMarkers = await CountConsoleAsync(server, "KUMO-GUEST-UP");

            using (var ping = probe.StartPing(ip))
            {
                var sent = Stopwatch.GetTimestamp();
                var rule = await client.CreateResourceAsync("security-group-rules", "security_group_rule", new JsonObject
                {
                    ["security_group_id"] = group,
                    ["direction"] = "ingress",
                    ["ethertype"] = "IPv4",
                    ["protocol"] = "icmp",
                });
                var created = Stopwatch.GetTimestamp();
                Assert.Equal(0, ping.RepliesBefore(sent));
                var first = await ping.FirstReplyAfterAsync(sent, TimeSpan.FromSeconds(10))
                    ?? throw new TimeoutException("the probe's ping did not get through within 10 s of the ICMP rule's create");
                var elapsed = Stopwatch.GetElapsedTime(created, first);
                output.WriteLine($"rule create answered -> first ping through: {elapsed.TotalMilliseconds:F0} ms");
                Assert.True(elapsed <= TimeSpan.FromSeconds(1), $"the first ping got through {elapsed.TotalMilliseconds:F0} ms after the rule create answered (at most 1,000)");

                await client.DeleteResourceAsync("security-group-rules", (string)rule["id"]!);
                var deleted = Stopwatch.GetTimestamp();
                // This ping's flow is established in conntrack (which the chains let through first): the agent must end
                // it, not only refuse new ones. Nothing may come back later than a second after the delete answered.
                var late = await ping.FirstReplyAfterAsync(deleted + Stopwatch.Frequency, TimeSpan.FromSeconds(3));
                Assert.True(late is null, $"the running ping still got replies {Stopwatch.GetElapsedTime(deleted, late ?? deleted).TotalMilliseconds:F0} ms after the rule's delete answered");
                output.WriteLine($"rule delete answered -> last reply of the running ping: {Stopwatch.GetElapsedTime(deleted, ping.LastReply ?? deleted).TotalMilliseconds:F0} ms");
            }
            Assert.False(await probe.PingAsync(ip, count: 2), "ping got through again after the ICMP rule was deleted");
            // The guest kept running through both changes: still ACTIVE, never booted again.
            Assert.Equal("ACTIVE", (string?)(await client.ShowAsync(server))!["status"]);
            Assert.Equal(bootMarkers, await CountConsoleAsync(server, "KUMO-GUEST-UP"));
        }

        /// <summary>C on the second network (same CIDR, addresses from .100): its own DHCP server answers, the peers do not.</summary>
        private async Task<Guid> BootIsolatedAsync(string network)
        {
            var c = await CreateServerAsync("c", network, null, ["default"],
                $"kumo-ping {Prefix}.11 {Prefix}.12 dhcp\nkumo-ping-wait {IsolatedPingSeconds}\n");
            await WaitActiveAsync(c);
            var port = Assert.Single(await client.ListResourcesAsync("ports", $"device_id={c}"));
            var ip = (string)port["fixed_ips"]![0]!["ip_address"]!;
            Assert.Equal(ip, await ConsoleValueAsync(c, "KUMO-GUEST-NET ip="));
            var dhcp = Assert.Single(await client.ListResourcesAsync("ports", $"network_id={network}&device_owner=network:dhcp"));
            var dhcpIp = (string)dhcp["fixed_ips"]![0]!["ip_address"]!;
            var wait = TimeSpan.FromSeconds(IsolatedPingSeconds + 60);
            Assert.Equal("ok", await ConsoleValueAsync(c, $"KUMO-PING {dhcpIp} ", wait));
            Assert.Equal("fail", await ConsoleValueAsync(c, $"KUMO-PING {Prefix}.11 ", wait));
            Assert.Equal("fail", await ConsoleValueAsync(c, $"KUMO-PING {Prefix}.12 ", wait));
            return c;
        }

        private async Task<string> CreateNetworkAsync(string suffix, (int First, int Last)? pool)
        {
            var id = (string)(await client.CreateResourceAsync("networks", "network", new JsonObject { ["name"] = _name + "-" + suffix }))["id"]!;
            scope.Track(Guid.Parse(id));
            _ids.Add(id);
            var subnet = new JsonObject { ["network_id"] = id, ["cidr"] = $"{Prefix}.0/24", ["ip_version"] = 4, ["name"] = _name + "-" + suffix };
            if (pool is var (first, last))
            {
                subnet["allocation_pools"] = new JsonArray(new JsonObject { ["start"] = $"{Prefix}.{first}", ["end"] = $"{Prefix}.{last}" });
            }
            await client.CreateResourceAsync("subnets", "subnet", subnet);
            return id;
        }

        private async Task<Guid> CreateServerAsync(string suffix, string network, string? fixedIp, string[] groups, string userData)
        {
            var nic = new JsonObject { ["uuid"] = network };
            if (fixedIp is not null)
            {
                nic["fixed_ip"] = fixedIp;
            }
            using var response = await client.PostAsJsonAsync("/compute/v2.1/servers", new JsonObject
            {
                ["server"] = new JsonObject
                {
                    ["name"] = _name + "-" + suffix,
                    ["flavorRef"] = "1",
                    ["imageRef"] = e2e.Image.Id.ToString(),
                    ["networks"] = new JsonArray(nic),
                    ["security_groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["name"] = g })]),
                    ["config_drive"] = true,
                    ["user_data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(userData)),
                },
            });
            Assert.True(response.IsSuccessStatusCode, $"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var id = Guid.Parse((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["server"]!["id"]!);
            _ids.Add(id.ToString());
            return id;
        }

        private async Task WaitActiveAsync(Guid server)
        {
            var shown = await client.WaitForAsync(server, s => (string?)s["status"] is "ACTIVE" or "ERROR" && s["OS-EXT-STS:task_state"] is null,
                "settle", LibvirtCloud.BootTimeout);
            Assert.True((string?)shown["status"] == "ACTIVE", $"server {server} settled {shown["status"]}: {shown["fault"]?.ToJsonString()}");
            var port = Assert.Single(await client.ListResourcesAsync("ports", $"device_id={server}"));
            _ids.Add((string)port["id"]!);
        }

        /// <summary>The rest of the console line after <paramref name="marker"/> (the guest's word, "\r" stripped).</summary>
        private async Task<string> ConsoleValueAsync(Guid server, string marker, TimeSpan? timeout = null)
        {
            var console = await client.WaitForConsoleAsync(server, marker, timeout ?? LibvirtCloud.BootTimeout);
            var at = console.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
            var value = console[at..console.IndexOf('\n', at)].Trim();
            output.WriteLine($"{server}: {marker}{value}");
            return value;
        }

        private async Task<int> CountConsoleAsync(Guid server, string marker)
        {
            var console = await client.WaitForConsoleAsync(server, marker, LibvirtCloud.BootTimeout);
            return console.Split('\n').Count(l => l.Contains(marker, StringComparison.Ordinal));
        }

        private Task<IReadOnlyList<HostInventoryLine>> InventoryAsync() => LocalHostInventory.ListAsync(e2e.Options, NullLoggerFactory.Instance);

        /// <summary>A line this test's servers, ports or networks own or name (port ids appear shortened in device and chain names).</summary>
        private bool Ours(HostInventoryLine line) =>
            _ids.Any(id => line.Owner.Contains(id, StringComparison.Ordinal) || line.Name.Contains(id, StringComparison.Ordinal)
                || (line.Kind is "tap" or "qbr" or "qvb" or "qvo" or "iptables-chain" && line.Name.Contains(id[..10], StringComparison.Ordinal)));

        /// <summary>
        /// What this test made: every line of <paramref name="during"/> it owns or names, and every OVS port new since
        /// <paramref name="before"/> (the bridge is this test's own). The agent removes DHCP a little after the deletes
        /// answer: the host is read until none is left, for at most a minute, and what stayed is named.
        /// </summary>
        private async Task AssertNothingLeftAsync(IReadOnlyList<HostInventoryLine> before, IReadOnlyList<HostInventoryLine> during)
        {
            static string Key(HostInventoryLine l) => $"{l.Kind} {l.Name}";
            var old = before.Select(Key).ToHashSet();
            // A dnsmasq line is named by its pid, which another process may get later: its owner (the network) is checked instead.
            var created = during.Where(l => (Ours(l) || (l.Kind == "ovs-port" && !old.Contains(Key(l)))) && l.Kind != "dnsmasq").Select(Key).ToHashSet();
            Assert.DoesNotContain(before, Ours);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            List<string> left;
            do
            {
                left = [.. (await InventoryAsync()).Where(l => Ours(l) || created.Contains(Key(l))).Select(l => $"{Key(l)} ({l.Owner})")];
                if (left.Count > 0)
                {
                    await Task.Delay(200);
                }
            }
            while (left.Count > 0 && DateTime.UtcNow < deadline);
            Assert.Empty(left);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {what}.");
            }
            await Task.Delay(100);
        }
    }
}
