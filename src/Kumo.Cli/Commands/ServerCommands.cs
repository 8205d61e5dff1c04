using System.CommandLine;
using Kumo.Compute.Api;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary>`kumo server create|list|show|delete|console`, shaped like `openstack server ...`.</summary>
internal static class ServerCommands
{
    public static Command Create()
    {
        var server = new Command("server", "Create, list, show and delete servers");
        server.Subcommands.Add(CreateCommand());
        server.Subcommands.Add(ListCommand());
        server.Subcommands.Add(ShowCommand());
        server.Subcommands.Add(DeleteCommand());
        server.Subcommands.Add(ConsoleCommand());
        server.Subcommands.Add(EventCommand());
        return server;
    }

    private static Command CreateCommand()
    {
        var name = new Argument<string>("name") { Description = "New server name" };
        var flavor = new Option<string>("--flavor") { Description = "Flavor id or name", Required = true };
        var image = new Option<string>("--image") { Description = "Image id or name", Required = true };
        var wait = new Option<bool>("--wait") { Description = "Wait until the server is ACTIVE or ERROR" };
        var command = new Command("create", "Create a server (no NIC: networking is not configured yet)") { name, flavor, image, wait };
        command.SetAction((parse, ct) => CliContext.RunAsync(parse, async (cloud, token) =>
        {
            var context = RequestContext.Admin();
            var imageId = await ResolveImageAsync(cloud, parse.GetValue(image)!, token);
            var flavorId = await ResolveFlavorAsync(cloud, parse.GetValue(flavor)!, token);
            var instance = await cloud.Api.CreateAsync(context, new CreateServerRequest(parse.GetValue(name)!, flavorId, imageId, []), token);
            if (parse.GetValue(wait))
            {
                instance = await InstanceWaiter.WaitForSettledAsync(cloud.Stores.Instances, instance.Uuid, TimeSpan.FromMinutes(5), cancellationToken: token);
            }
            AnsiConsole.Write(ServerView.Show(instance, await cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid, token)));
            return 0;
        }, ct));
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "List servers");
        command.SetAction((parse, ct) => CliContext.RunReadOnlyAsync(parse, async (stores, _, token) =>
        {
            AnsiConsole.Write(ServerView.List(await stores.Instances.ListAsync(cancellationToken: token)));
            return 0;
        }, ct));
        return command;
    }

    private static Command ShowCommand()
    {
        var id = new Argument<Guid>("server") { Description = "Server id" };
        var command = new Command("show", "Show a server, with its fault when it failed") { id };
        command.SetAction((parse, ct) => CliContext.RunReadOnlyAsync(parse, async (stores, _, token) =>
        {
            var instance = await stores.Instances.GetAsync(parse.GetValue(id), cancellationToken: token);
            AnsiConsole.Write(ServerView.Show(instance, await stores.InstanceFaults.GetLatestAsync(instance.Uuid, token)));
            return 0;
        }, ct));
        return command;
    }

    private static Command DeleteCommand()
    {
        var id = new Argument<Guid>("server") { Description = "Server id" };
        var command = new Command("delete", "Delete a server and everything it holds on the host; waits until it is gone") { id };
        command.SetAction((parse, ct) => CliContext.RunAsync(parse, async (cloud, token) =>
        {
            var uuid = parse.GetValue(id);
            await cloud.Api.DeleteAsync(RequestContext.Admin(), uuid, token);
            await InstanceWaiter.WaitForDeletedAsync(cloud.Stores.Instances, uuid, TimeSpan.FromMinutes(2), cancellationToken: token);
            AnsiConsole.MarkupLineInterpolated($"Deleted {uuid}");
            return 0;
        }, ct));
        return command;
    }

    private static Command ConsoleCommand()
    {
        var id = new Argument<Guid>("server") { Description = "Server id" };
        var lines = new Option<int?>("--lines") { Description = "Only the last N lines" };
        var command = new Command("console", "Show the server's console log (openstack console log show)") { id, lines };
        command.SetAction((parse, ct) => CliContext.RunAsync(parse, async (cloud, token) =>
        {
            Console.Write(await cloud.Api.GetConsoleOutputAsync(RequestContext.Admin(), parse.GetValue(id), parse.GetValue(lines), token));
            return 0;
        }, ct));
        return command;
    }

    private static Command EventCommand()
    {
        var events = new Command("event", "A server's actions and their events (openstack server event list)");
        var id = new Argument<Guid>("server") { Description = "Server id" };
        var list = new Command("list", "List the server's actions, newest first, each with its events and results") { id };
        list.SetAction((parse, ct) => CliContext.RunReadOnlyAsync(parse, async (stores, _, token) =>
        {
            var table = new Table().AddColumns("Request ID", "Action", "Start Time", "Message", "Event", "Result", "Host", "Details");
            foreach (var action in await stores.InstanceActions.ListAsync(parse.GetValue(id), token))
            {
                var first = true;
                foreach (var e in action.Events.DefaultIfEmpty())
                {
                    table.AddRow(first ? action.RequestId : "", first ? action.Action : "", first ? action.StartTime.ToString("u") : "",
                        first ? action.Message ?? "" : "", e?.Event ?? "", e?.Result ?? "", e?.Host ?? "", Markup.Escape(e?.Details ?? ""));
                    first = false;
                }
            }
            AnsiConsole.Write(table);
            return 0;
        }, ct));
        events.Subcommands.Add(list);
        return events;
    }

    private static async Task<Guid> ResolveImageAsync(AllInOneCloud cloud, string idOrName, CancellationToken ct)
    {
        if (Guid.TryParse(idOrName, out var id))
        {
            return id;
        }
        var matches = (await cloud.Images.ListAsync(ct)).Where(i => i.Name == idOrName).ToList();
        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw new InvalidRequestException($"No image named '{idOrName}'. List the images with 'kumo image list'."),
            _ => throw new InvalidRequestException($"{matches.Count} images are named '{idOrName}'; give the id."),
        };
    }

    private static async Task<string> ResolveFlavorAsync(AllInOneCloud cloud, string idOrName, CancellationToken ct)
    {
        var flavors = await cloud.Stores.Flavors.ListAsync(ct);
        return flavors.FirstOrDefault(f => f.Id == idOrName)?.Id ?? flavors.FirstOrDefault(f => f.Name == idOrName)?.Id ?? idOrName;
    }
}
