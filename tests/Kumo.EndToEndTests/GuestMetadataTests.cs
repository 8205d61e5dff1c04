using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kumo.Deployment.AllInOne;

namespace Kumo.EndToEndTests;

/// <summary>
/// The metadata service end to end: a real guest with no config drive asks 169.254.169.254 (DHCP's
/// option 121 route to the DHCP port, the proxy in qdhcp-&lt;net&gt;, the signed request to the
/// metadata service) and prints what it learnt, and posts a password the compute API then shows; a
/// request from an address that is no instance port gets nothing; the proxy goes with the network's DHCP.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class GuestMetadataTests
{
    /// <summary>A well-formed ed25519 public key (type string, then 32 key bytes), so Nova's fingerprint check takes it.</summary>
    private static readonly string PublicKey = "ssh-ed25519 " + Convert.ToBase64String(
        [0, 0, 0, 11, .. "ssh-ed25519"u8.ToArray(), 0, 0, 0, 32, .. Enumerable.Range(1, 32).Select(i => (byte)i)]) + " e2e@kumo";

    [HostNetworkFact]
    public async Task A_guest_without_config_drive_reads_its_hostname_user_data_and_keys_from_the_metadata_service()
    {
        var scope = new HostNetworkScope();
        LibvirtCloud? e2e = null;
        try
        {
            e2e = await LibvirtCloud.StartAsync(scope.Configure);
            await BootReadRefuseAsync(e2e, scope);
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

    private static async Task BootReadRefuseAsync(LibvirtCloud e2e, HostNetworkScope scope)
    {
        var client = await e2e.AdminClientAsync();
        var name = "e2e-md-" + scope.Bridge;
        var networkId = (string)(await client.PostResourceAsync("/network/v2.0/networks", "network", new JsonObject { ["name"] = name }))["id"]!;
        scope.Track(Guid.Parse(networkId));
        await client.PostResourceAsync("/network/v2.0/subnets", "subnet", new JsonObject
        {
            ["network_id"] = networkId, ["cidr"] = "10.77.11.0/24", ["ip_version"] = 4, ["name"] = name,
        });
        await client.PostResourceAsync("/compute/v2.1/os-keypairs", "keypair", new JsonObject { ["name"] = name, ["public_key"] = PublicKey });
        var image = await MetadataGuestImageAsync(e2e);
        // The guest posts the text after kumo-post-password, as cloud-init posts its encrypted admin password.
        const string posted = "ZW5jcnlwdGVkIGJ5IHRoZSBndWVzdA==";
        const string userData = "#!/bin/sh\necho configured through the metadata service\nkumo-post-password " + posted + "\n";
        var create = await client.PostResourceAsync("/compute/v2.1/servers", "server", new JsonObject
        {
            ["name"] = "E2E Metadata Guest",
            ["flavorRef"] = "1",
            ["imageRef"] = image.ToString(),
            ["networks"] = new JsonArray(new JsonObject { ["uuid"] = networkId }),
            ["key_name"] = name,
            ["user_data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(userData)),
            ["metadata"] = new JsonObject { ["role"] = "e2e" },
            ["personality"] = new JsonArray(new JsonObject { ["path"] = "/etc/kumo-e2e.txt", ["contents"] = Convert.ToBase64String("injected by kumo"u8.ToArray()) }),
        }, HttpStatusCode.Accepted);
        var serverId = Guid.Parse((string)create["id"]!);
        var server = await client.WaitForAsync(serverId, s => (string?)s["status"] is "ACTIVE" or "ERROR" && s["OS-EXT-STS:task_state"] is null,
            "settle", LibvirtCloud.BootTimeout);
        Assert.True((string?)server["status"] == "ACTIVE", $"the server settled {server["status"]}: {server["fault"]?.ToJsonString()}");
        Assert.Equal("", (string?)server["config_drive"]);
        Assert.False(File.Exists(Path.Combine(e2e.InstancesPath, serverId.ToString(), "disk.config")));

        var console = await client.WaitForConsoleAsync(serverId, "KUMO-GUEST-PASSWORD", LibvirtCloud.BootTimeout);
        var lines = console.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("KUMO-GUEST-", StringComparison.Ordinal)).ToList();
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userData)));
        Assert.True(lines.Contains($"KUMO-GUEST-UP hostname=e2e-metadata-guest uuid={serverId} disk=yes"), string.Join("\n", console.Split('\n').Where(l => l.Contains("kumo-init", StringComparison.Ordinal) || l.Contains("KUMO-", StringComparison.Ordinal))));
        // Nova's metadata service has no injected files (they exist only while the instance spawns): files is absent.
        Assert.Contains($"KUMO-GUEST-DATA source=metadata hostname=e2e-metadata-guest.novalocal uuid={serverId} user_data_sha256={digest} keys=1 file_path=none file=", lines);
        // The password it posted through the proxy is what the compute API shows.
        Assert.Contains("KUMO-GUEST-PASSWORD status=200", lines);
        using var password = await client.GetAsync($"/compute/v2.1/servers/{serverId}/os-server-password");
        Assert.Equal(posted, (string?)(await password.Content.ReadFromJsonAsync<JsonObject>())!["password"]);

        // From the namespace itself the source address is no instance port: 404, and none of the guest's data.
        var ns = "qdhcp-" + networkId;
        var (status, body) = await CurlInNamespaceAsync(ns, "openstack/latest/meta_data.json", $"X-Instance-ID: {serverId}");
        Assert.Equal("404", status);
        Assert.DoesNotContain(serverId.ToString(), body, StringComparison.Ordinal);
        Assert.Contains(Guid.Parse(networkId), e2e.Host.NetworkAgent.Agent!.Metadata!.Networks);

        await ServerRequests.DeleteAsync(client, serverId);
        using var deleted = await client.DeleteAsync($"/network/v2.0/networks/{networkId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await WaitUntilAsync(() => !e2e.Host.NetworkAgent.Agent!.Metadata!.Networks.Contains(Guid.Parse(networkId)) && !File.Exists(Path.Combine("/run/netns", ns)),
            $"the proxy stops and {ns} goes with the network's DHCP");
    }

    /// <summary>The test guest with kumo.ds=metadata on its kernel command line (same kernel, initrd and disk).</summary>
    private static async Task<Guid> MetadataGuestImageAsync(LibvirtCloud e2e)
    {
        var image = await GuestImages.UploadAsync(e2e.Host.Shared.Images, "kumo-guest-metadata-" + Guid.NewGuid().ToString("N")[..6], "qcow2", "bare",
            Path.Combine(GuestImages.DefaultDirectory(), "root.qcow2"), new Dictionary<string, string>
            {
                ["kernel_id"] = e2e.Image.Properties["kernel_id"],
                ["ramdisk_id"] = e2e.Image.Properties["ramdisk_id"],
                ["os_command_line"] = "console=ttyS0 kumo.ds=metadata",
            });
        return image.Id;
    }

    private static async Task<(string Status, string Body)> CurlInNamespaceAsync(string ns, string path, string header)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "netns", "exec", ns, "curl", "-s", "-m", "10", "-H", header, "-w", "\n%{http_code}", $"http://169.254.169.254/{path}" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var at = output.LastIndexOf('\n');
        return (output[(at + 1)..].Trim(), output[..Math.Max(at, 0)]);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"timed out: {what}");
            await Task.Delay(100);
        }
    }
}
