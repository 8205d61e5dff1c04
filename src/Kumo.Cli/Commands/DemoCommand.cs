using System.CommandLine;
using System.Diagnostics;
using Kumo.Compute.Api;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary>`kumo demo`: boots a server from the built guest through the whole flow and shows it ACTIVE with its console.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "Server name", DefaultValueFactory = _ => "kumo-demo" };
        var flavor = new Option<string>("--flavor") { Description = "Flavor id", DefaultValueFactory = _ => "1" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for ACTIVE and for the console marker", DefaultValueFactory = _ => 180 };
        var command = new Command("demo", "Boot a demo server (replacing the previous demo server) and show it ACTIVE with its console output") { name, flavor, timeout };
        command.SetAction((parse, ct) => CliContext.RunAsync(parse, (cloud, token) =>
            RunAsync(cloud, parse.GetValue(name)!, parse.GetValue(flavor)!, TimeSpan.FromSeconds(parse.GetValue(timeout)), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(AllInOneCloud cloud, string name, string flavorId, TimeSpan timeout, CancellationToken ct)
    {
        var context = RequestContext.Admin();
        foreach (var old in (await cloud.Stores.Instances.ListAsync(cancellationToken: ct)).Where(i => i.DisplayName == name))
        {
            AnsiConsole.MarkupLineInterpolated($"Deleting the previous demo server {old.Uuid} ...");
            await cloud.Api.DeleteAsync(context, old.Uuid, ct);
            await InstanceWaiter.WaitForDeletedAsync(cloud.Stores.Instances, old.Uuid, timeout, cancellationToken: ct);
        }

        var image = await GuestImages.EnsureAsync(cloud.Images, GuestImages.DefaultDirectory(), ct);
        AnsiConsole.MarkupLineInterpolated($"Image [bold]{image.Name}[/] {image.Id} (kernel {image.KernelId}, ramdisk {image.RamdiskId})");

        var clock = Stopwatch.StartNew();
        var created = await cloud.Api.CreateAsync(context, new CreateServerRequest(name, flavorId, image.Id, []), ct);
        AnsiConsole.MarkupLineInterpolated($"Creating server [bold]{name}[/] {created.Uuid} (request {context.RequestId})");
        var instance = await InstanceWaiter.WaitForSettledAsync(cloud.Stores.Instances, created.Uuid, timeout,
            i => AnsiConsole.MarkupLineInterpolated($"  {clock.Elapsed.TotalSeconds,6:0.000}s  {ServerStatus.From(i.VmState, i.TaskState)} ({i.VmState.ToNovaName()}/{i.TaskState.ToNovaName() ?? "none"})"),
            cancellationToken: ct);
        var fault = await cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid, ct);
        AnsiConsole.Write(ServerView.Show(instance, fault));
        if (instance.VmState != VmState.Active)
        {
            AnsiConsole.MarkupLine("[red]The demo server did not become ACTIVE.[/]");
            return 1;
        }

        var console = await InstanceWaiter.WaitForConsoleAsync(() => cloud.Api.GetConsoleOutputAsync(context, instance.Uuid, cancellationToken: ct),
            GuestImages.ConsoleMarker, timeout, ct);
        AnsiConsole.MarkupLineInterpolated($"Guest console marker after {clock.Elapsed.TotalSeconds:0.000}s. Console log (last lines):");
        foreach (var line in console.Split('\n').TakeLast(12))
        {
            var text = Markup.Escape(line.TrimEnd('\r'));
            AnsiConsole.MarkupLine(line.Contains(GuestImages.ConsoleMarker, StringComparison.Ordinal) ? $"  [green]{text}[/]" : $"  {text}");
        }
        AnsiConsole.MarkupLineInterpolated($"The server keeps running. See it with 'kumo server list' or 'virsh -c qemu:///system list'; remove it with 'kumo server delete {instance.Uuid}'.");
        return 0;
    }
}
