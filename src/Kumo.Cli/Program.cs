using System.CommandLine;
using Kumo.Cli;
using Kumo.Cli.Commands;

var root = new RootCommand("Kumo: an OpenStack-compatible compute service. Commands read like the openstack CLI's.");
root.Options.Add(CliContext.ConfigOption);
root.Options.Add(CliContext.VerboseOption);
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ServerCommands.Create());
root.Subcommands.Add(FlavorCommands.Create());
root.Subcommands.Add(ImageCommands.Create());
return await root.Parse(args).InvokeAsync();
