using System.CommandLine;
using System.Text.Json.Nodes;
using Kumo.Cli.Client;

namespace Kumo.Cli.Commands;

/// <summary>`kumo server stop|start|reboot`: Nova's os-stop, os-start and reboot actions.</summary>
internal static class ServerActionCommands
{
    public static IEnumerable<Command> Create(CliContext cli)
    {
        yield return Action(cli, "stop", "Stop server(s) (os-stop)", "SHUTOFF", _ => ("os-stop", null));
        yield return Action(cli, "start", "Start server(s) (os-start)", "ACTIVE", _ => ("os-start", null));
        var hard = new Option<bool>("--hard") { Description = "Power-cycle the guest (destroy and start again)" };
        var soft = new Option<bool>("--soft") { Description = "ACPI shutdown, then start (the default; HARD after a timeout)" };
        var reboot = Action(cli, "reboot", "Reboot server(s)", "ACTIVE",
            parse => ("reboot", new JsonObject { ["type"] = parse.GetValue(hard) ? "HARD" : "SOFT" }));
        reboot.Options.Add(hard);
        reboot.Options.Add(soft);
        yield return reboot;
    }

    private static Command Action(CliContext cli, string name, string description, string settled, Func<ParseResult, (string Action, JsonNode? Argument)> body)
    {
        var servers = new Argument<string[]>("server") { Description = "Server(s) (name or ID)", Arity = ArgumentArity.OneOrMore };
        var wait = new Option<bool>("--wait") { Description = $"Wait until every server is {settled} again" };
        var timeout = ServerCommands.WaitTimeout();
        var command = new Command(name, description) { servers, wait, timeout };
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var (action, argument) = body(parse);
            var ids = new List<string>();
            foreach (var nameOrId in parse.GetValue(servers)!)
            {
                var id = (string)(await Lookups.ServerAsync(api, nameOrId, token))["id"]!;
                await api.Compute.ActionAsync(id, action, argument, token);
                ids.Add(id);
            }
            var failed = 0;
            if (parse.GetValue(wait))
            {
                foreach (var id in ids)
                {
                    var server = await ServerWaiter.WaitForStatusAsync(api.Compute, id, settled, TimeSpan.FromSeconds(parse.GetValue(timeout)), token);
                    if ((string?)server["status"] != settled)
                    {
                        await output.Error.WriteLineAsync($"Server {id} is {(string?)server["status"]}, not {settled}.");
                        failed++;
                    }
                }
            }
            return failed == 0 ? 0 : 1;
        }, ct));
        return command;
    }
}
