using System.CommandLine;
using Kumo.Cli.Client;
using Kumo.Cli.Commands;

namespace Kumo.Cli;

/// <summary>The `kumo` command tree (built here so tests can run it in-process with their own settings).</summary>
public static class KumoCommand
{
    /// <param name="settings">Environment and folders for credentials (default: this process's).</param>
    /// <param name="handler">The HTTP handler of the API client (default: a new SocketsHttpHandler).</param>
    public static RootCommand Create(CloudSettings? settings = null, HttpMessageHandler? handler = null)
    {
        var cli = new CliContext(settings ?? CloudSettings.FromProcess(), handler);
        var root = new RootCommand("Kumo: an OpenStack-compatible compute service. `kumo serve` runs it; the other commands are a client of its API, read like the openstack CLI's.");
        foreach (var option in CliContext.GlobalOptions)
        {
            root.Options.Add(option);
        }
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ServerCommands.Create(cli));
        root.Subcommands.Add(ServerConsoleCommands.ConsoleTree(cli));
        root.Subcommands.Add(FlavorCommands.Create(cli));
        root.Subcommands.Add(ImageCommands.Create(cli));
        root.Subcommands.Add(HostCommands.Create());
        return root;
    }
}
