using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Compute.Servers;

/// <summary>
/// What a server create hands the guest (user_data, personality, key_name, adminPass, config_drive,
/// block_device_mapping_v2): Nova's status and message for bad input with nothing created, and for
/// good input what reaches the driver and what is (not) stored.
/// </summary>
public sealed class ServerGuestDataTests() : ApiCloudTest(TestClients.Alice | TestClients.Admin)
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static JsonArray Files(int count, int size = 8, int pathLength = 10) =>
        new([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
        {
            ["path"] = "/" + new string((char)('a' + i), pathLength - 1),
            ["contents"] = Convert.ToBase64String(new byte[size]),
        })]);

    public static TheoryData<string, string, JsonNode, int, string> BadMembers => new()
    {
        // why, member, value, status, message (contained)
        { "user data too large", "user_data", JsonValue.Create(new string('A', 65536))!, 400, "Invalid input for field/attribute user_data" },
        { "user data not base64", "user_data", JsonValue.Create("not base64!")!, 400, "'not base64!' is not a 'base64'" },
        { "too many injected files", "personality", Files(6), 403, "Personality file limit exceeded" },
        { "injected file too large", "personality", Files(1, size: 10241), 403, "Personality file content exceeds maximum 10240" },
        { "injected file path too long", "personality", Files(1, pathLength: 256), 403, "Personality file path exceeds maximum 255" },
        { "injected file not base64", "personality", new JsonArray(new JsonObject { ["path"] = "/etc/x", ["contents"] = "@@@" }), 400, "field/attribute contents" },
        { "injected file with an unknown member", "personality", new JsonArray(new JsonObject { ["path"] = "/etc/x", ["contents"] = "", ["mode"] = "0600" }), 400, "'mode' was unexpected" },
        { "personality not a list", "personality", new JsonObject(), 400, "field/attribute personality" },
        { "unknown key name", "key_name", JsonValue.Create("nobodys-key")!, 400, "Invalid key_name provided." },
        { "config_drive not a boolean", "config_drive", JsonValue.Create("maybe")!, 400, "Invalid input for field/attribute config_drive" },
        { "config_drive a number", "config_drive", JsonValue.Create(5)!, 400, "is not of type 'boolean', 'string'" },
        { "hostname before 2.90", "hostname", JsonValue.Create("custom")!, 400, "'hostname' was unexpected" },
        { "a volume source", "block_device_mapping_v2", new JsonArray(new JsonObject { ["source_type"] = "volume", ["uuid"] = "6f1a4b5e-0000-4000-8000-000000000000", ["destination_type"] = "volume", ["boot_index"] = 0 }), 400, "Block Device Mapping is Invalid" },
        { "a blank volume", "block_device_mapping_v2", new JsonArray(new JsonObject { ["source_type"] = "blank", ["destination_type"] = "volume", ["volume_size"] = 1 }), 400, "no block storage service" },
        { "two swaps", "block_device_mapping_v2", new JsonArray(new JsonObject { ["source_type"] = "blank", ["destination_type"] = "local", ["guest_format"] = "swap" }, new JsonObject { ["source_type"] = "blank", ["destination_type"] = "local", ["guest_format"] = "swap" }), 400, "More than one swap drive requested." },
        { "legacy bdm", "block_device_mapping", new JsonArray(new JsonObject { ["volume_id"] = "6f1a4b5e-0000-4000-8000-000000000000", ["device_name"] = "vdb" }), 400, "Block Device Mapping is Invalid" },
    };

    [Theory]
    [MemberData(nameof(BadMembers))]
    public async Task Bad_guest_data_is_refused_as_nova_refuses_it_and_nothing_is_created(string why, string member, JsonNode value, int expected, string message)
    {
        var body = ServerCalls.CreateBody(Cloud, "refused");
        body["server"]![member] = value.DeepClone();
        var before = await Admin.CountServersAsync();

        var (status, error) = await Alice.SendAsync(HttpMethod.Post, "/servers", body);

        Assert.True((int)status == expected, $"{why}: {(int)status} {error?.ToJsonString()}");
        Assert.Equal(expected, (int?)error!.AsObject().Single().Value!["code"]);
        Assert.Contains(message, ServerCalls.Message(error));
        Assert.Equal(before, await Admin.CountServersAsync());
    }

    [Fact]
    public async Task The_injected_file_limits_themselves_are_accepted()
    {
        var body = ServerCalls.CreateBody(Cloud, "at-limits");
        body["server"]!["personality"] = Files(5, size: 10240, pathLength: 255);
        body["server"]!["user_data"] = new string('A', 65532);

        var (status, created) = await Alice.SendAsync(HttpMethod.Post, "/servers", body);

        Assert.True(status == HttpStatusCode.Accepted, created?.ToJsonString());
    }

    [Fact]
    public async Task Guest_data_reaches_the_driver_and_the_admin_password_is_never_stored()
    {
        var (made, keypair) = await Alice.SendAsync(HttpMethod.Post, "/os-keypairs", new JsonObject { ["keypair"] = new JsonObject { ["name"] = "alice-key" } });
        Assert.Equal(HttpStatusCode.OK, made);
        var body = ServerCalls.CreateBody(Cloud, "Guest Data 1");
        var server = body["server"]!.AsObject();
        server["key_name"] = "alice-key";
        server["user_data"] = B64("#!/bin/sh\necho hi\n");
        server["metadata"] = new JsonObject { ["role"] = "db" };
        server["personality"] = new JsonArray(new JsonObject { ["path"] = "/etc/motd", ["contents"] = B64("hello") });
        server["config_drive"] = true;
        server["block_device_mapping_v2"] = new JsonArray(
            new JsonObject { ["source_type"] = "image", ["uuid"] = Cloud.Image.Id.ToString(), ["destination_type"] = "local", ["boot_index"] = 0 },
            new JsonObject { ["source_type"] = "blank", ["destination_type"] = "local", ["guest_format"] = "swap", ["boot_index"] = -1 });

        var (status, created) = await Alice.SendAsync(HttpMethod.Post, "/servers", body);

        Assert.True(status == HttpStatusCode.Accepted, created?.ToJsonString());
        var password = (string)created!["server"]!["adminPass"]!;
        Assert.True(password.Length >= 12, password);
        var id = (string)created["server"]!["id"]!;
        var shown = await Alice.WaitForStatusAsync(id, "ACTIVE");
        Assert.Equal("True", (string?)shown["config_drive"]);
        Assert.Equal("alice-key", (string?)shown["key_name"]);
        Assert.Null(shown["adminPass"]);
        var asAdmin = await Admin.ShowAsync(id, "2.3");
        Assert.Equal("guest-data-1", (string?)asAdmin["OS-EXT-SRV-ATTR:hostname"]);

        var spawn = Cloud.Driver.SpawnRequestOf(Guid.Parse(id))!;
        Assert.Equal(password, spawn.AdminPassword);
        Assert.Equal([("/etc/motd", "hello")], spawn.InjectedFiles.Select(f => (f.Path, Encoding.UTF8.GetString(f.Decode()))).ToList());
        Assert.Equal((string?)keypair!["keypair"]!["public_key"], spawn.Instance.KeyData);
        Assert.True(spawn.Instance.ConfigDrive);
        Assert.Equal(["/etc/motd"], spawn.Instance.InjectedFilePaths);

        var stored = await Cloud.Host.Shared.Stores.Instances.GetAsync(Guid.Parse(id));
        Assert.Equal((string?)keypair["keypair"]!["public_key"], stored.KeyData);
        Assert.Equal(["/etc/motd"], stored.InjectedFilePaths);
        Assert.True(stored.ConfigDrive);
        // Every file of the cloud's state (the database with its WAL, images, logs); host locks hold no data.
        foreach (var file in Directory.EnumerateFiles(Cloud.StateDir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            byte[] bytes;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes);
            }
            Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(password)) >= 0, $"the admin password is in {file}");
        }
    }

    [Fact]
    public async Task A_server_without_a_config_drive_shows_it_empty()
    {
        var id = await Alice.CreateServerAsync(Cloud, "plain");

        var shown = await Alice.WaitForStatusAsync(id, "ACTIVE");

        Assert.Equal("", (string?)shown["config_drive"]);
        Assert.False(Cloud.Driver.SpawnRequestOf(Guid.Parse(id))!.Instance.ConfigDrive);
    }
}
