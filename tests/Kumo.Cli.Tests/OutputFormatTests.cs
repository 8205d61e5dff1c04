using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Kumo.Cli.Tests;

/// <summary>-f table|json|value|yaml and -c as openstack's cliff prints them.</summary>
public sealed class OutputFormatTests : IAsyncLifetime
{
    private CliCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await CliCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Flavor_list_in_each_format_carries_the_same_rows()
    {
        var table = await _cloud.RunAsync("flavor", "list");
        Assert.Matches(@"\| ID \| Name\s+\| RAM\s+\| Disk \| Ephemeral \| VCPUs \| Is Public \|", table.Out);
        Assert.Matches(@"\| 1\s+\| m1.tiny\s+\| 512\s+\| 1\s+\| 0\s+\| 1\s+\| True\s+\|", table.Out);

        var json = JsonNode.Parse((await _cloud.RunAsync("flavor", "list", "-f", "json")).Out)!.AsArray();
        var tiny = json.Single(f => (string?)f!["Name"] == "m1.tiny")!;
        Assert.Equal((512, true), ((int)tiny["RAM"]!, (bool)tiny["Is Public"]!));

        var value = await _cloud.RunAsync("flavor", "list", "-f", "value");
        Assert.Contains("1 m1.tiny 512 1 0 1 True", value.Out.Split('\n'));

        var yaml = new YamlStream();
        yaml.Load(new StringReader((await _cloud.RunAsync("flavor", "list", "-f", "yaml")).Out));
        var rows = (YamlSequenceNode)yaml.Documents[0].RootNode;
        Assert.Contains(rows.Children.Cast<YamlMappingNode>(), r => r[new YamlScalarNode("Name")].ToString() == "m1.tiny" && r[new YamlScalarNode("RAM")].ToString() == "512");
    }

    [Fact]
    public async Task Columns_are_chosen_with_c_in_the_commands_order_and_unknown_ones_alone_are_an_error()
    {
        var value = await _cloud.RunAsync("flavor", "list", "-f", "value", "-c", "Name", "-c", "ID");
        Assert.Contains("1 m1.tiny", value.Out.Split('\n'));

        var json = JsonNode.Parse((await _cloud.RunAsync("flavor", "show", "m1.tiny", "-f", "json", "-c", "ram", "-c", "vcpus")).Out)!.AsObject();
        Assert.Equal(["ram", "vcpus"], json.Select(p => p.Key).ToArray());

        var bad = await _cloud.RunAsync("flavor", "list", "-c", "Colour");
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("No recognized column names in ['Colour']. Recognized columns are ('ID', 'Name'", bad.Error);
    }

    [Fact]
    public async Task A_format_cliff_does_not_have_is_refused_before_anything_is_sent()
    {
        var result = await _cloud.RunAsync("flavor", "list", "-f", "xml");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("xml", result.Error);
    }
}
