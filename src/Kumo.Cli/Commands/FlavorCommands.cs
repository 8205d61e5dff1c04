using System.CommandLine;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary>`kumo flavor list`.</summary>
internal static class FlavorCommands
{
    public static Command Create()
    {
        var flavor = new Command("flavor", "Flavors (server sizes)");
        var list = new Command("list", "List flavors");
        list.SetAction((parse, ct) => CliContext.RunReadOnlyAsync(parse, async (stores, _, token) =>
        {
            var table = new Table().AddColumns("ID", "Name", "RAM", "Disk", "Ephemeral", "VCPUs", "Is Public");
            foreach (var f in await stores.Flavors.ListAsync(token))
            {
                table.AddRow(f.Id, Markup.Escape(f.Name), f.MemoryMb.ToString(), f.RootGb.ToString(), f.EphemeralGb.ToString(), f.Vcpus.ToString(), f.IsPublic.ToString());
            }
            AnsiConsole.Write(table);
            return 0;
        }, ct));
        flavor.Subcommands.Add(list);
        return flavor;
    }
}
