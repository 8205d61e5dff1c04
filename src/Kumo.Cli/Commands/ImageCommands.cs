using System.CommandLine;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary>`kumo image list`.</summary>
internal static class ImageCommands
{
    public static Command Create()
    {
        var image = new Command("image", "Images");
        var list = new Command("list", "List images");
        list.SetAction((parse, ct) => CliContext.RunReadOnlyAsync(parse, async (_, images, token) =>
        {
            var table = new Table().AddColumns("ID", "Name", "Status", "Disk Format", "Size", "Checksum");
            foreach (var i in await images.ListAsync(token))
            {
                table.AddRow(i.Id.ToString(), Markup.Escape(i.Name), i.Status.ToString().ToLowerInvariant(), i.DiskFormat, i.Size?.ToString() ?? "", i.Checksum ?? "");
            }
            AnsiConsole.Write(table);
            return 0;
        }, ct));
        image.Subcommands.Add(list);
        image.Subcommands.Add(CreateCommand());
        return image;
    }

    private static Command CreateCommand()
    {
        var name = new Argument<string>("name") { Description = "New image name" };
        var file = new Option<FileInfo>("--file") { Description = "The image data", Required = true };
        var diskFormat = new Option<string>("--disk-format") { Description = "raw, qcow2, aki, ari, ami, iso", DefaultValueFactory = _ => "raw" };
        var containerFormat = new Option<string>("--container-format") { Description = "bare, aki, ari, ami, ovf", DefaultValueFactory = _ => "bare" };
        var property = new Option<string[]>("--property") { Description = "key=value (kernel_id, ramdisk_id, os_command_line ...)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("create", "Create an image and upload its data (openstack image create --file)") { name, file, diskFormat, containerFormat, property };
        command.SetAction((parse, ct) => CliContext.RunReadOnlyAsync(parse, async (_, images, token) =>
        {
            var properties = new Dictionary<string, string>();
            foreach (var pair in parse.GetValue(property) ?? [])
            {
                var at = pair.IndexOf('=');
                if (at <= 0)
                {
                    throw new Kumo.Objects.Errors.InvalidRequestException($"--property takes key=value, not '{pair}'.");
                }
                properties[pair[..at]] = pair[(at + 1)..];
            }
            var source = parse.GetValue(file)!;
            if (!source.Exists)
            {
                throw new FileNotFoundException($"{source.FullName} does not exist.", source.FullName);
            }
            var created = await Kumo.Deployment.AllInOne.GuestImages.UploadAsync(images, parse.GetValue(name)!, parse.GetValue(diskFormat)!,
                parse.GetValue(containerFormat)!, source.FullName, properties, token);
            AnsiConsole.MarkupLineInterpolated($"Created image {created.Name} {created.Id} ({created.Status.ToString().ToLowerInvariant()}, {created.Size} bytes, checksum {created.Checksum})");
            return 0;
        }, ct));
        return command;
    }
}
