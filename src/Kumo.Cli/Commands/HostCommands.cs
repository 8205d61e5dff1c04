using System.CommandLine;
using Kumo.Compute.Inventory;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary>`kumo host inventory`: what this compute host holds, who owns it, and what is orphaned.</summary>
internal static class HostCommands
{
    public static Command Create()
    {
        var host = new Command("host", "The compute host");
        var inventory = new Command("inventory", "List the domains, instance directories and cached images on this host with their owners");
        inventory.SetAction((parse, ct) => CliContext.RunAsync(parse, async (cloud, token) =>
        {
            var entries = await new HostInventory(cloud.ComputeManager.Driver, cloud.Stores.Instances, cloud.Options.Compute).ListAsync(token);
            var table = new Table().AddColumns("Kind", "Name", "Owner", "Orphaned");
            foreach (var e in entries)
            {
                table.AddRow(e.Resource.Kind, Markup.Escape(e.Resource.Name), Markup.Escape(e.Owner), e.Orphaned ? "[red]yes[/]" : "no");
            }
            AnsiConsole.Write(table);
            var orphans = entries.Count(e => e.Orphaned);
            if (orphans > 0)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{orphans} orphaned resource(s):[/] no live instance on this host owns them.");
            }
            return orphans > 0 ? 2 : 0;
        }, ct));
        host.Subcommands.Add(inventory);
        return host;
    }
}
