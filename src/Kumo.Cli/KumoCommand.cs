using System.CommandLine;
using Kumo.Cli.Commands;

namespace Kumo.Cli;

/// <summary>The `kumo` command tree (built here so tests can run it in-process).</summary>
public static class KumoCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Kumo: an OpenStack-compatible compute service. Commands read like the openstack CLI's.");
        root.Options.Add(CliContext.ConfigOption);
        root.Options.Add(CliContext.VerboseOption);
        root.Options.Add(CliContext.TraceOption);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ServerCommands.Create());
        root.Subcommands.Add(FlavorCommands.Create());
        root.Subcommands.Add(ImageCommands.Create());
        root.Subcommands.Add(HostCommands.Create());
        return root;
    }
}
