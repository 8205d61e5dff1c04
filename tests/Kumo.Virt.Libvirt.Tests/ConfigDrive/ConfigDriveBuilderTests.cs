using System.Text.Json.Nodes;
using Kumo.Common.IO;
using Kumo.Common.Processes;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.ConfigDrive;
using Kumo.Virt.Libvirt.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Virt.Libvirt.Tests.ConfigDrive;

/// <summary>A config drive built by genisoimage and read back with isoinfo: label, layout and every file.</summary>
public sealed class ConfigDriveBuilderTests : IDisposable
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA+b/cD3+ alice@example\n";
    private static readonly Guid Uuid = Guid.Parse("0e2c7f4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b");
    private static readonly Guid PortId = Guid.Parse("3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7");
    private static readonly Guid NetworkId = Guid.Parse("5a6b7c8d-9eaf-40b1-82d3-e4f5a6b7c8d9");

    private readonly TempDirectory _dir = new();
    private readonly ConfigDriveBuilder _builder;

    public ConfigDriveBuilderTests()
    {
        Directory.CreateDirectory(Scratch);
        _builder = new(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance), Scratch);
    }

    private string Scratch => _dir.Combine("scratch");

    public void Dispose() => _dir.Dispose();

    private static Instance Instance() => new()
    {
        Uuid = Uuid,
        DisplayName = "Web Server 1",
        Hostname = "web-server-1",
        ProjectId = "project-a",
        UserId = "alice",
        Flavor = new Flavor { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 256, RootGb = 1 },
        ImageRef = Guid.NewGuid(),
        KeyName = "alice-key",
        KeyData = Key,
        Metadata = new Dictionary<string, string> { ["tier"] = "web", ["owner"] = "ops" },
        UserData = Convert.ToBase64String("#!/bin/sh\necho hello\n"u8.ToArray()),
        LaunchIndex = 0,
    };

    private static readonly IReadOnlyList<InjectedFile> Files =
    [
        new("/etc/motd", Convert.ToBase64String("welcome to kumo\n"u8.ToArray())),
        new("/root/notes.txt", Convert.ToBase64String("second file"u8.ToArray())),
    ];

    private async Task<string> BuildAsync(NetworkInfo? network = null)
    {
        var iso = _dir.Combine("disk.config");
        await _builder.BuildAsync(new InstanceMetadata(Instance(), network ?? NetworkInfo.Empty, Files, "s3cret-Pass"), iso);
        return iso;
    }

    [Fact]
    public async Task The_drive_is_an_iso_labelled_config_2_with_joliet_and_rock_ridge()
    {
        var header = IsoInfo.Header(await BuildAsync());

        Assert.Contains("Volume id: config-2", header);
        Assert.Contains("Joliet", header);
        Assert.Contains("Rock Ridge", header);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Fact]
    public async Task Every_nova_version_directory_and_latest_has_its_files_and_the_content_is_there()
    {
        var files = IsoInfo.Files(await BuildAsync());

        foreach (var version in InstanceMetadata.Versions.Append("latest"))
        {
            Assert.Contains($"/openstack/{version}/meta_data.json", files);
            Assert.Contains($"/openstack/{version}/user_data", files);
        }
        Assert.DoesNotContain("/openstack/2012-08-10/network_data.json", files);
        Assert.DoesNotContain("/openstack/2012-08-10/vendor_data.json", files);
        Assert.Contains("/openstack/2013-10-17/vendor_data.json", files);
        Assert.Contains("/openstack/2015-10-15/network_data.json", files);
        Assert.Contains("/openstack/2016-10-06/vendor_data2.json", files);
        foreach (var name in new[] { "meta_data.json", "user_data", "network_data.json", "vendor_data.json", "vendor_data2.json" })
        {
            Assert.Contains($"/openstack/latest/{name}", files);
        }
        Assert.Contains("/openstack/content/0000", files);
        Assert.Contains("/openstack/content/0001", files);
    }

    [Fact]
    public async Task Meta_data_json_says_who_the_guest_is_and_points_at_the_injected_files()
    {
        var iso = await BuildAsync();

        var meta = JsonNode.Parse(IsoInfo.Read(iso, "/openstack/latest/meta_data.json"))!.AsObject();

        Assert.Equal(Uuid.ToString(), (string?)meta["uuid"]);
        Assert.Equal("Web Server 1", (string?)meta["name"]);
        Assert.Equal("web-server-1.novalocal", (string?)meta["hostname"]);
        Assert.Equal("nova", (string?)meta["availability_zone"]);
        Assert.Equal("project-a", (string?)meta["project_id"]);
        Assert.Equal(0, (int?)meta["launch_index"]);
        Assert.Equal("s3cret-Pass", (string?)meta["admin_pass"]);
        Assert.Equal(Key, (string?)meta["public_keys"]!["alice-key"]);
        Assert.Equal(("alice-key", "ssh", Key), ((string?)meta["keys"]![0]!["name"], (string?)meta["keys"]![0]!["type"], (string?)meta["keys"]![0]!["data"]));
        Assert.Equal("web", (string?)meta["meta"]!["tier"]);
        Assert.Equal("ops", (string?)meta["meta"]!["owner"]);
        Assert.Empty(meta["devices"]!.AsArray());
        Assert.Equal(512, Convert.FromBase64String((string)meta["random_seed"]!).Length);
        Assert.Equal(
            [("/etc/motd", "/content/0000"), ("/root/notes.txt", "/content/0001")],
            meta["files"]!.AsArray().Select(f => ((string)f!["path"]!, (string)f["content_path"]!)).ToList());
        // The guest's simple readers want the key text as it is: no \u002B for '+'.
        Assert.Contains("AAAAIA+b/cD3+", IsoInfo.Read(iso, "/openstack/latest/meta_data.json"));
    }

    [Fact]
    public async Task The_oldest_version_has_only_what_folsom_had()
    {
        var meta = JsonNode.Parse(IsoInfo.Read(await BuildAsync(), "/openstack/2012-08-10/meta_data.json"))!.AsObject();

        Assert.Null(meta["project_id"]);
        Assert.Null(meta["random_seed"]);
        Assert.Null(meta["devices"]);
        Assert.Equal("web-server-1.novalocal", (string?)meta["hostname"]);
    }

    [Fact]
    public async Task User_data_injected_files_and_vendor_data_are_there_byte_for_byte()
    {
        var iso = await BuildAsync();

        Assert.Equal("#!/bin/sh\necho hello\n", IsoInfo.Read(iso, "/openstack/latest/user_data"));
        Assert.Equal("welcome to kumo\n", IsoInfo.Read(iso, "/openstack/content/0000"));
        Assert.Equal("second file", IsoInfo.Read(iso, "/openstack/content/0001"));
        Assert.Equal("{}", IsoInfo.Read(iso, "/openstack/latest/vendor_data.json"));
        Assert.Equal("{}", IsoInfo.Read(iso, "/openstack/latest/vendor_data2.json"));
    }

    [Fact]
    public async Task Network_data_is_empty_lists_without_a_port()
    {
        var network = JsonNode.Parse(IsoInfo.Read(await BuildAsync(), "/openstack/latest/network_data.json"))!;

        Assert.Equal("""{"links":[],"networks":[],"services":[]}""", network.ToJsonString());
    }

    [Fact]
    public async Task Network_data_describes_each_port_its_subnet_and_dns()
    {
        var subnet = new VifSubnet(Guid.NewGuid(), "10.0.0.0/24", "10.0.0.1", ["10.0.0.5"], ["10.0.0.2"], [new VifRoute("192.168.0.0/16", "10.0.0.254")], DhcpEnabled: false);
        var vif = new Vif(PortId, NetworkId, "fa:16:3e:12:34:56", "ovs", "", ["10.0.0.5"], 1450) { Subnets = [subnet] };

        var network = JsonNode.Parse(IsoInfo.Read(await BuildAsync(new NetworkInfo([vif])), "/openstack/latest/network_data.json"))!;

        var link = network["links"]![0]!;
        Assert.Equal(("fa:16:3e:12:34:56", 1450, "ovs", PortId.ToString(), HybridPlugNames.Tap(PortId)),
            ((string?)link["ethernet_mac_address"], (int?)link["mtu"], (string?)link["type"], (string?)link["vif_id"], (string?)link["id"]));
        var net = network["networks"]![0]!;
        Assert.Equal(("network0", "ipv4", "10.0.0.5", "255.255.255.0", NetworkId.ToString(), (string?)link["id"]),
            ((string?)net["id"], (string?)net["type"], (string?)net["ip_address"], (string?)net["netmask"], (string?)net["network_id"], (string?)net["link"]));
        Assert.Equal(
            [("0.0.0.0", "0.0.0.0", "10.0.0.1"), ("192.168.0.0", "255.255.0.0", "10.0.0.254")],
            net["routes"]!.AsArray().Select(r => ((string)r!["network"]!, (string)r["netmask"]!, (string)r["gateway"]!)).ToList());
        Assert.Equal("10.0.0.2", (string?)network["services"]![0]!["address"]);
        Assert.Equal("dns", (string?)network["services"]![0]!["type"]);
    }

    [Fact]
    public async Task A_failed_build_leaves_no_drive_and_no_scratch_tree()
    {
        var builder = new ConfigDriveBuilder(new FailingRunner(), Scratch);
        var iso = _dir.Combine("disk.config");

        await Assert.ThrowsAsync<HostCommandException>(() => builder.BuildAsync(new InstanceMetadata(Instance(), NetworkInfo.Empty, Files, "pw"), iso));

        Assert.False(File.Exists(iso));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Fact]
    public async Task The_tree_genisoimage_reads_is_a_private_folder_in_the_scratch_parent_removed_after()
    {
        var runner = new TreeCheckingRunner();
        var builder = new ConfigDriveBuilder(runner, Scratch);

        await builder.BuildAsync(new InstanceMetadata(Instance(), NetworkInfo.Empty, Files, "pw"), _dir.Combine("disk.config"));

        Assert.Equal(Scratch, Path.GetDirectoryName(runner.Tree));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Fact]
    public void By_default_the_scratch_tree_is_in_memory_in_a_folder_only_the_service_reads()
    {
        Assert.Equal("/dev/shm", ScratchDirectories.MemoryBacked);

        var scratch = ScratchDirectories.Create(Scratch, "probe-");

        Assert.StartsWith(Path.Combine(Scratch, "probe-"), scratch);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(scratch));
        Assert.NotEqual(scratch, ScratchDirectories.Create(Scratch, "probe-"));
    }

    [Fact]
    public void Without_a_password_or_key_meta_data_has_neither()
    {
        var instance = Instance();
        var bare = new Instance
        {
            Uuid = instance.Uuid, DisplayName = "a", Hostname = "a", ProjectId = "p", UserId = "u", Flavor = instance.Flavor, ImageRef = instance.ImageRef,
        };

        var meta = new InstanceMetadata(bare, NetworkInfo.Empty, [], null).MetaData("latest");

        Assert.Null(meta["admin_pass"]);
        Assert.Null(meta["public_keys"]);
        Assert.Null(meta["files"]);
        Assert.Null(meta["meta"]);
    }

    /// <summary>genisoimage that checks its input tree while it exists (0700, filled) and writes the output.</summary>
    private sealed class TreeCheckingRunner : ICommandRunner
    {
        public string? Tree { get; private set; }

        public Task<CommandResult> RunAsync(CommandSpec spec, CancellationToken cancellationToken = default)
        {
            Tree = spec.Arguments[^1];
            Assert.True(File.Exists(Path.Combine(Tree, "openstack", "latest", "meta_data.json")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Tree));
            File.WriteAllText(spec.Arguments[1], "iso");
            return Task.FromResult(CommandResult.Success());
        }
    }

    /// <summary>genisoimage writing half an image, then failing.</summary>
    private sealed class FailingRunner : ICommandRunner
    {
        public Task<CommandResult> RunAsync(CommandSpec spec, CancellationToken cancellationToken = default)
        {
            File.WriteAllText(spec.Arguments[1], "partial");
            throw HostCommandException.Failed(spec, CommandResult.Failure(1, "genisoimage: No space left on device"));
        }
    }
}
