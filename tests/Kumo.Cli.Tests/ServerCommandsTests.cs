using System.Text.Json.Nodes;

namespace Kumo.Cli.Tests;

/// <summary>What a user sees from `kumo server ...` against a running Kumo: openstack's commands, names or ids, exit codes.</summary>
public sealed class ServerCommandsTests : IAsyncLifetime
{
    private CliCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await CliCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Create_wait_by_names_then_show_list_and_event_list_read_like_openstack()
    {
        var imageId = await _cloud.CreateImageAsync("tiny");

        var created = await _cloud.RunAsync("server", "create", "web-1", "--flavor", "m1.tiny", "--image", "tiny", "--wait");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Matches(@"\| status\s+\| ACTIVE\s+\|", created.Out);
        Assert.Matches($@"\| image\s+\| tiny \({imageId}\)", created.Out);
        Assert.Matches(@"\| flavor\s+\| m1.tiny \(1\)", created.Out);
        var shown = await _cloud.RunAsync("server", "show", "web-1", "-f", "json");
        var server = JsonNode.Parse(shown.Out)!;
        Assert.Equal("ACTIVE", (string?)server["status"]);
        var id = (string)server["id"]!;

        var list = await _cloud.RunAsync("server", "list");
        Assert.Matches(@"\| ID\s+\| Name\s+\| Status\s+\| Networks\s+\| Image\s+\| Flavor\s+\|", list.Out);
        Assert.Matches($@"\| {id} \| web-1\s+\| ACTIVE \|\s+\| tiny\s+\| m1.tiny \|", list.Out);

        var events = await _cloud.RunAsync("server", "event", "list", "web-1", "-f", "json");
        var action = Assert.Single(JsonNode.Parse(events.Out)!.AsArray());
        Assert.Equal(("create", id), ((string?)action!["Action"], (string?)action["Server ID"]));
        var detail = await _cloud.RunAsync("server", "event", "show", id, (string)action["Request ID"]!);
        Assert.Contains("compute_build_and_run_instance", detail.Out);
        Assert.Contains("result='Success'", detail.Out);
    }

    [Fact]
    public async Task Stop_start_and_reboot_wait_for_the_state_and_console_shows_the_guest()
    {
        await _cloud.CreateImageAsync("tiny");
        Assert.Equal(0, (await _cloud.RunAsync("server", "create", "vm", "--flavor", "m1.nano", "--image", "tiny", "--wait")).ExitCode);

        var stop = await _cloud.RunAsync("server", "stop", "vm", "--wait");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Equal("SHUTOFF", (await _cloud.RunAsync("server", "show", "vm", "-f", "value", "-c", "status")).Out.Trim());
        Assert.Equal(0, (await _cloud.RunAsync("server", "start", "vm", "--wait")).ExitCode);
        Assert.Equal(0, (await _cloud.RunAsync("server", "reboot", "--hard", "vm", "--wait")).ExitCode);
        Assert.Equal("ACTIVE", (await _cloud.RunAsync("server", "show", "vm", "-f", "value", "-c", "status")).Out.Trim());

        var console = await _cloud.RunAsync("console", "log", "show", "vm");
        Assert.Contains("KUMO-GUEST-UP", console.Out);
    }

    [Fact]
    public async Task Delete_wait_removes_the_server_and_a_second_delete_says_it_is_gone()
    {
        await _cloud.CreateImageAsync("tiny");
        Assert.Equal(0, (await _cloud.RunAsync("server", "create", "doomed", "--flavor", "m1.nano", "--image", "tiny", "--wait")).ExitCode);

        var deleted = await _cloud.RunAsync("server", "delete", "doomed", "--wait");

        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal("", (await _cloud.RunAsync("server", "list", "-f", "value")).Out);
        var again = await _cloud.RunAsync("server", "delete", "doomed");
        Assert.Equal(1, again.ExitCode);
        Assert.Equal("No server with a name or ID of 'doomed' exists.", again.Error.Trim());
    }

    [Fact]
    public async Task An_unknown_flavor_is_one_line_on_stderr_a_failing_exit_and_creates_nothing()
    {
        await _cloud.CreateImageAsync("tiny");

        var result = await _cloud.RunAsync("server", "create", "x", "--flavor", "no-such-flavor", "--image", "tiny");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal("No flavor with a name or ID of 'no-such-flavor' exists.", result.Error.Trim());
        Assert.Equal("", (await _cloud.RunAsync("server", "list", "-f", "value")).Out);
    }

    [Fact]
    public async Task An_error_of_the_api_prints_its_message_status_and_request_id_not_a_stack_trace()
    {
        var data = Path.Combine(_cloud.StateDir, "odd.img");
        await File.WriteAllBytesAsync(data, new byte[16]);

        var result = await _cloud.RunAsync("image", "create", "odd", "--file", data, "--disk-format", "vhdx-ish");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"vhdx-ish.*\(HTTP 400\) \(Request-ID: req-[0-9a-f-]+\)", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.DoesNotContain("odd", (await _cloud.RunAsync("image", "list", "-f", "value")).Out);
    }

    [Fact]
    public async Task Two_images_of_one_name_are_refused_by_name_and_found_by_id()
    {
        var first = await _cloud.CreateImageAsync("twin");
        await _cloud.CreateImageAsync("twin");

        var byName = await _cloud.RunAsync("image", "show", "twin");
        Assert.Equal(1, byName.ExitCode);
        Assert.Equal("More than one image exists with the name 'twin'.", byName.Error.Trim());

        var byId = await _cloud.RunAsync("image", "show", first, "-f", "value", "-c", "id");
        Assert.Equal(first, byId.Out.Trim());
    }
}
