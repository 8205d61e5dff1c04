using System.CommandLine;
using System.Text.Json.Nodes;
using Kumo.Cli.Output;

namespace Kumo.Cli.Commands;

/// <summary>`kumo flavor list|show`.</summary>
internal static class FlavorCommands
{
    private static readonly string[] _columns = ["ID", "Name", "RAM", "Disk", "Ephemeral", "VCPUs", "Is Public"];

    public static Command Create(CliContext cli)
    {
        var flavor = new Command("flavor", "Flavors (server sizes)");
        var list = OutputOptions.AddTo(new Command("list", "List flavors"));
        list.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var flavors = await api.Compute.ListFlavorsAsync(token);
            output.Write(new Listing(_columns, flavors.Select(Row).ToList()));
            return 0;
        }, ct));
        var id = new Argument<string>("flavor") { Description = "Flavor (name or ID)" };
        var show = OutputOptions.AddTo(new Command("show", "Show a flavor") { id });
        show.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var found = await Lookups.FlavorAsync(api, parse.GetValue(id)!, token);
            output.Write(ShowOne.Sorted(found.Where(p => p.Key != "links").Select(p => new KeyValuePair<string, object?>(p.Key, p.Value?.DeepClone()))));
            return 0;
        }, ct));
        flavor.Subcommands.Add(list);
        flavor.Subcommands.Add(show);
        return flavor;
    }

    private static object?[] Row(JsonObject f) =>
        [f["id"]?.DeepClone(), f["name"]?.DeepClone(), f["ram"]?.DeepClone(), f["disk"]?.DeepClone(),
            f["OS-FLV-EXT-DATA:ephemeral"]?.DeepClone() ?? 0, f["vcpus"]?.DeepClone(), f["os-flavor-access:is_public"]?.DeepClone() ?? true];
}
