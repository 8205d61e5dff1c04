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
        return image;
    }
}
