using System.CommandLine;
using Kumo.Cli;
using Kumo.Cli.Commands;

// Piped output (CI logs, scripts) has no terminal width; 80 columns would wrap every uuid.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 200;
}

var root = new RootCommand("Kumo: an OpenStack-compatible compute service. Commands read like the openstack CLI's.");
root.Options.Add(CliContext.ConfigOption);
root.Options.Add(CliContext.VerboseOption);
root.Options.Add(CliContext.TraceOption);
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ServerCommands.Create());
root.Subcommands.Add(FlavorCommands.Create());
root.Subcommands.Add(ImageCommands.Create());
root.Subcommands.Add(HostCommands.Create());
return await root.Parse(args).InvokeAsync();
