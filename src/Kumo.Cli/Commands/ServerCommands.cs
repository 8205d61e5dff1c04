using System.CommandLine;
using System.Text.Json.Nodes;
using Kumo.Cli.Client;
using Kumo.Cli.Output;

namespace Kumo.Cli.Commands;

/// <summary>`kumo server create|list|show|delete`, shaped like `openstack server ...`.</summary>
internal static class ServerCommands
{
    public static Command Create(CliContext cli)
    {
        var server = new Command("server", "Create, list, show, delete, stop, start and reboot servers");
        server.Subcommands.Add(CreateCommand(cli));
        server.Subcommands.Add(ListCommand(cli));
        server.Subcommands.Add(ShowCommand(cli));
        server.Subcommands.Add(DeleteCommand(cli));
        foreach (var action in ServerActionCommands.Create(cli))
        {
            server.Subcommands.Add(action);
        }
        server.Subcommands.Add(ServerConsoleCommands.ConsoleCommand(cli));
        server.Subcommands.Add(ServerConsoleCommands.EventCommand(cli));
        return server;
    }

    public static Option<int> WaitTimeout() => new("--wait-timeout") { Description = "Seconds --wait waits at most", DefaultValueFactory = _ => 300 };

    private static Command CreateCommand(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "New server name" };
        var flavor = new Option<string>("--flavor") { Description = "Flavor (name or ID)", Required = true };
        var image = new Option<string>("--image") { Description = "Image (name or ID)", Required = true };
        var keyName = new Option<string?>("--key-name") { Description = "Keypair to inject" };
        var zone = new Option<string?>("--availability-zone") { Description = "Availability zone" };
        var property = new Option<string[]>("--property") { Description = "Metadata key=value (repeat for more)" };
        var wait = new Option<bool>("--wait") { Description = "Wait until the server is ACTIVE (exit 1 when it ends in ERROR)" };
        var timeout = WaitTimeout();
        var command = OutputOptions.AddTo(new Command("create", "Create a server (no NIC: networking is not configured yet)")
            { name, flavor, image, keyName, zone, property, wait, timeout });
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var imageRef = (string)(await Lookups.ImageAsync(api, parse.GetValue(image)!, token))["id"]!;
            var flavorRef = (string)(await Lookups.FlavorAsync(api, parse.GetValue(flavor)!, token))["id"]!;
            var request = new JsonObject { ["name"] = parse.GetValue(name), ["imageRef"] = imageRef, ["flavorRef"] = flavorRef };
            if (parse.GetValue(keyName) is { } key)
            {
                request["key_name"] = key;
            }
            if (parse.GetValue(zone) is { } az)
            {
                request["availability_zone"] = az;
            }
            if (parse.GetValue(property) is { Length: > 0 } properties)
            {
                request["metadata"] = KeyValues.Parse("--property", properties);
            }
            var id = (string)(await api.Compute.CreateServerAsync(request, token))["id"]!;
            var server = parse.GetValue(wait)
                ? await ServerWaiter.WaitForStatusAsync(api.Compute, id, "ACTIVE", TimeSpan.FromSeconds(parse.GetValue(timeout)), token)
                : await api.Compute.GetServerAsync(id, token);
            var (images, flavors) = await Lookups.NamesAsync(api, token);
            output.Write(ServerView.Show(server, images, flavors));
            if (parse.GetValue(wait) && (string?)server["status"] == "ERROR")
            {
                var fault = (string?)server["fault"]?["message"] ?? "no fault recorded";
                await output.Error.WriteLineAsync(TerminalText.Safe($"Error creating server {parse.GetValue(name)}: {fault}"));
                return 1;
            }
            return 0;
        }, ct));
        return command;
    }

    private static Command ListCommand(CliContext cli)
    {
        var command = OutputOptions.AddTo(new Command("list", "List servers"));
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var servers = await api.Compute.ListServersAsync(token);
            var (images, flavors) = await Lookups.NamesAsync(api, token);
            output.Write(ServerView.List(servers, images, flavors));
            return 0;
        }, ct));
        return command;
    }

    private static Command ShowCommand(CliContext cli)
    {
        var server = new Argument<string>("server") { Description = "Server (name or ID)" };
        var command = OutputOptions.AddTo(new Command("show", "Show a server, with its fault when it failed") { server });
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var found = await Lookups.ServerAsync(api, parse.GetValue(server)!, token);
            var (images, flavors) = await Lookups.NamesAsync(api, token);
            output.Write(ServerView.Show(found, images, flavors));
            return 0;
        }, ct));
        return command;
    }

    private static Command DeleteCommand(CliContext cli)
    {
        var servers = new Argument<string[]>("server") { Description = "Server(s) to delete (name or ID)", Arity = ArgumentArity.OneOrMore };
        var wait = new Option<bool>("--wait") { Description = "Wait until every server is gone" };
        var timeout = WaitTimeout();
        var command = new Command("delete", "Delete server(s) and everything they hold on their host") { servers, wait, timeout };
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var ids = new List<string>();
            foreach (var nameOrId in parse.GetValue(servers)!)
            {
                var id = (string)(await Lookups.ServerAsync(api, nameOrId, token))["id"]!;
                await api.Compute.DeleteServerAsync(id, token);
                ids.Add(id);
            }
            if (parse.GetValue(wait))
            {
                foreach (var id in ids)
                {
                    await ServerWaiter.WaitForDeletedAsync(api.Compute, id, TimeSpan.FromSeconds(parse.GetValue(timeout)), token);
                }
            }
            return 0;
        }, ct));
        return command;
    }
}
