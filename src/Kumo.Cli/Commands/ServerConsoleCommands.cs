using System.CommandLine;
using System.Text.Json.Nodes;
using Kumo.Cli.Client;
using Kumo.Cli.Output;

namespace Kumo.Cli.Commands;

/// <summary>
/// A server's console log (`openstack console log show`, also `kumo server console`) and its actions
/// (`openstack server event list|show`). Console bytes come from the guest: they are made harmless.
/// </summary>
internal static class ServerConsoleCommands
{
    public static Command ConsoleCommand(CliContext cli) => ConsoleLog(cli, "console", "Show the server's console log (openstack console log show)");

    /// <summary>`kumo console log show SERVER`, the openstack spelling.</summary>
    public static Command ConsoleTree(CliContext cli)
    {
        var log = new Command("log", "Console logs");
        log.Subcommands.Add(ConsoleLog(cli, "show", "Show the server's console log"));
        var console = new Command("console", "Server consoles");
        console.Subcommands.Add(log);
        return console;
    }

    private static Command ConsoleLog(CliContext cli, string name, string description)
    {
        var server = new Argument<string>("server") { Description = "Server (name or ID)" };
        var lines = new Option<int?>("--lines") { Description = "Only the last N lines" };
        var command = new Command(name, description) { server, lines };
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var id = (string)(await Lookups.ServerAsync(api, parse.GetValue(server)!, token))["id"]!;
            var argument = new JsonObject();
            if (parse.GetValue(lines) is { } length)
            {
                argument["length"] = length;
            }
            var body = await api.Compute.ActionAsync(id, "os-getConsoleOutput", argument, token);
            var text = (string?)body?["output"] ?? "";
            await output.Out.WriteAsync(TerminalText.Safe(text, keepLineBreaks: true));
            if (text.Length > 0 && !text.EndsWith('\n'))
            {
                await output.Out.WriteLineAsync();
            }
            return 0;
        }, ct));
        return command;
    }

    public static Command EventCommand(CliContext cli)
    {
        var events = new Command("event", "A server's actions and their events (openstack server event list|show)");
        var server = new Argument<string>("server") { Description = "Server (name or ID)" };
        var longOption = new Option<bool>("--long") { Description = "Also the message, project and user" };
        var list = OutputOptions.AddTo(new Command("list", "List the server's actions, newest first") { server, longOption });
        list.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var id = (string)(await Lookups.ServerAsync(api, parse.GetValue(server)!, token))["id"]!;
            var actions = await api.Compute.ListActionsAsync(id, token);
            string[] columns = parse.GetValue(longOption)
                ? ["Request ID", "Server ID", "Action", "Start Time", "Message", "Project ID", "User ID"]
                : ["Request ID", "Server ID", "Action", "Start Time"];
            string[] keys = ["request_id", "instance_uuid", "action", "start_time", "message", "project_id", "user_id"];
            output.Write(new Listing(columns, actions.Select(a => keys.Take(columns.Length).Select(k => (object?)a[k]?.DeepClone()).ToArray()).ToList()));
            return 0;
        }, ct));
        events.Subcommands.Add(list);
        events.Subcommands.Add(EventShow(cli));
        return events;
    }

    private static Command EventShow(CliContext cli)
    {
        var server = new Argument<string>("server") { Description = "Server (name or ID)" };
        var request = new Argument<string>("request-id") { Description = "The action's request ID" };
        var show = OutputOptions.AddTo(new Command("show", "Show one action with its events and their results") { server, request });
        show.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var id = (string)(await Lookups.ServerAsync(api, parse.GetValue(server)!, token))["id"]!;
            var action = await api.Compute.GetActionAsync(id, parse.GetValue(request)!, token);
            var fields = action.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value?.DeepClone())).ToList();
            output.Write(ShowOne.Sorted(fields));
            return 0;
        }, ct));
        return show;
    }
}
