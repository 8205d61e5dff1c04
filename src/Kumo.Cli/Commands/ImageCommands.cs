using System.CommandLine;
using System.Text.Json.Nodes;
using Kumo.Cli.Client;
using Kumo.Cli.Output;
using Kumo.Client.Errors;

namespace Kumo.Cli.Commands;

/// <summary>`kumo image list|show|create`, Glance v2 as `openstack image ...` drives it.</summary>
internal static class ImageCommands
{
    private static readonly string[] _columns = ["ID", "Name", "Status"];

    private static readonly string[] _longColumns = ["ID", "Name", "Disk Format", "Container Format", "Size", "Checksum", "Status", "Visibility", "Protected", "Project", "Tags"];

    private static readonly string[] _longKeys = ["id", "name", "disk_format", "container_format", "size", "checksum", "status", "visibility", "protected", "owner", "tags"];

    public static Command Create(CliContext cli)
    {
        var image = new Command("image", "Images");
        var longOption = new Option<bool>("--long") { Description = "Formats, size, checksum, visibility, owner and tags too" };
        var list = OutputOptions.AddTo(new Command("list", "List images") { longOption });
        list.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var images = await api.Image.ListImagesAsync(token);
            var (columns, keys) = parse.GetValue(longOption) ? (_longColumns, _longKeys) : (_columns, ["id", "name", "status"]);
            output.Write(new Listing(columns, images.Select(i => keys.Select(k => (object?)i[k]?.DeepClone()).ToArray()).ToList()));
            return 0;
        }, ct));
        var id = new Argument<string>("image") { Description = "Image (name or ID)" };
        var show = OutputOptions.AddTo(new Command("show", "Show an image") { id });
        show.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            output.Write(Show(await Lookups.ImageAsync(api, parse.GetValue(id)!, token)));
            return 0;
        }, ct));
        image.Subcommands.Add(list);
        image.Subcommands.Add(show);
        image.Subcommands.Add(CreateCommand(cli));
        return image;
    }

    private static ShowOne Show(JsonObject image) =>
        ShowOne.Sorted(image.Where(p => p.Key is not ("self" or "file" or "schema")).Select(p => new KeyValuePair<string, object?>(p.Key, p.Value?.DeepClone())));

    private static Command CreateCommand(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "New image name" };
        var file = new Option<FileInfo>("--file") { Description = "Upload the image data from this file", Required = true };
        var diskFormat = new Option<string>("--disk-format") { Description = "raw, qcow2, aki, ari, ami, iso", DefaultValueFactory = _ => "raw" };
        var containerFormat = new Option<string>("--container-format") { Description = "bare, aki, ari, ami, ovf", DefaultValueFactory = _ => "bare" };
        var property = new Option<string[]>("--property") { Description = "key=value (kernel_id, ramdisk_id, os_command_line ...); repeat for more" };
        var isPublic = new Option<bool>("--public") { Description = "Visible to every project" };
        var isPrivate = new Option<bool>("--private") { Description = "Visible to this project only" };
        var command = OutputOptions.AddTo(new Command("create", "Create an image and upload its data (openstack image create --file)")
            { name, file, diskFormat, containerFormat, property, isPublic, isPrivate });
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (api, output, token) =>
        {
            var source = parse.GetValue(file)!;
            if (!source.Exists)
            {
                throw new CliException($"{source.FullName} does not exist.");
            }
            var request = KeyValues.Parse("--property", parse.GetValue(property) ?? []);
            request["name"] = parse.GetValue(name);
            request["disk_format"] = parse.GetValue(diskFormat);
            request["container_format"] = parse.GetValue(containerFormat);
            if (parse.GetValue(isPublic) || parse.GetValue(isPrivate))
            {
                request["visibility"] = parse.GetValue(isPublic) ? "public" : "private";
            }
            var created = await api.Image.CreateImageAsync(request, token);
            var id = (string)created["id"]!;
            try
            {
                await api.Image.UploadAsync(id, source.FullName, token);
            }
            catch (OpenStackApiException)
            {
                // As a failed `glance image-create --file`: no queued image without data is left behind.
                await api.Image.DeleteImageAsync(id, CancellationToken.None);
                throw;
            }
            output.Write(Show(await api.Image.GetImageAsync(id, token)));
            return 0;
        }, ct));
        return command;
    }
}
