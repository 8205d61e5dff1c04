namespace Kumo.Cli.Tests;

/// <summary>What an operator sees from `kumo`: the openstack-like commands, their errors and exit codes.</summary>
public sealed class ServerCommandsTests : IDisposable
{
    private readonly KumoCli _kumo = new();

    private async Task<string> CreateImageAsync()
    {
        var data = Path.Combine(_kumo.StateDir, "disk.raw");
        await File.WriteAllBytesAsync(data, new byte[1024]);
        var (code, output) = await _kumo.RunAsync("image", "create", "tiny", "--file", data, "--disk-format", "raw");
        Assert.Equal(0, code);
        Assert.Contains("Created image tiny", output);
        return "tiny";
    }

    [Fact]
    public async Task Create_wait_list_show_and_event_list_read_like_openstack()
    {
        var image = await CreateImageAsync();

        var (created, createOutput) = await _kumo.RunAsync("server", "create", "web-1", "--flavor", "m1.tiny", "--image", image, "--wait");
        Assert.Equal(0, created);
        Assert.Contains("ACTIVE", createOutput);
        var id = createOutput.Split('│').Select(c => c.Trim()).First(c => Guid.TryParse(c, out _));

        var (_, list) = await _kumo.RunAsync("server", "list");
        Assert.Contains(id, list);
        Assert.Contains("web-1", list);

        var (_, events) = await _kumo.RunAsync("server", "event", "list", id);
        Assert.Contains("create", events);
        Assert.Contains("compute_build_and_run_instance", events);
        Assert.Contains("Success", events);

        var (_, flavors) = await _kumo.RunAsync("flavor", "list");
        Assert.Contains("m1.tiny", flavors);
    }

    [Fact]
    public async Task Bad_input_is_one_clear_line_with_the_http_code_and_a_failing_exit_code_and_creates_nothing()
    {
        var image = await CreateImageAsync();

        var (code, output) = await _kumo.RunAsync("server", "create", "x", "--flavor", "no-such-flavor", "--image", image);

        Assert.Equal(1, code);
        Assert.Contains("Error (HTTP 400): Flavor no-such-flavor could not be found", output);
        var (_, list) = await _kumo.RunAsync("server", "list");
        Assert.DoesNotContain(" x ", list);
    }

    [Fact]
    public async Task Showing_an_unknown_server_says_404()
    {
        var missing = Guid.NewGuid();
        var (code, output) = await _kumo.RunAsync("server", "show", missing.ToString());
        Assert.Equal(1, code);
        Assert.Contains($"Error (HTTP 404): Instance {missing} could not be found.", output);
    }

    [Fact]
    public async Task An_image_with_an_unknown_disk_format_is_refused_and_not_listed()
    {
        var data = Path.Combine(_kumo.StateDir, "disk.vhd");
        await File.WriteAllBytesAsync(data, new byte[16]);
        var (code, output) = await _kumo.RunAsync("image", "create", "odd", "--file", data, "--disk-format", "vhdx-ish");
        Assert.Equal(1, code);
        Assert.Contains("HTTP 400", output);
        var (_, list) = await _kumo.RunAsync("image", "list");
        Assert.DoesNotContain("odd", list);
    }

    public void Dispose() => _kumo.Dispose();
}
