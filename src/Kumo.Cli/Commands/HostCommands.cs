using System.CommandLine;
using Kumo.Cli.Output;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Cli.Commands;

/// <summary>
/// `kumo host inventory`: what this compute host holds, who owns it, and what is orphaned. A local
/// diagnostic (reads the hypervisor and the store of --config), not an API client: there is no route for it.
/// </summary>
internal static class HostCommands
{
    public static Command Create()
    {
        var host = new Command("host", "The compute host (local diagnostics)");
        var inventory = OutputOptions.AddTo(new Command("inventory", "List the domains, instance directories and cached images on this host with their owners"));
        inventory.SetAction((parse, ct) => CliContext.GuardAsync(parse, async output =>
        {
            var options = KumoOptions.Load(parse.GetValue(CliContext.ConfigOption));
            var lines = await LocalHostInventory.ListAsync(options, NullLoggerFactory.Instance, ct);
            output.Write(new Listing(["Kind", "Name", "Owner", "Orphaned"], lines.Select(l => new object?[] { l.Kind, l.Name, l.Owner, l.Orphaned ? "yes" : "no" }).ToList()));
            var orphans = lines.Count(l => l.Orphaned);
            if (orphans > 0)
            {
                await output.Error.WriteLineAsync($"{orphans} orphaned resource(s): no live instance on this host owns them.");
            }
            return orphans > 0 ? 2 : 0;
        }));
        host.Subcommands.Add(inventory);
        return host;
    }
}
