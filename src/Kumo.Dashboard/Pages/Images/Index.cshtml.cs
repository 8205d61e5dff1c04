using Kumo.Client.Errors;
using Kumo.Dashboard.Sessions;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Dashboard.Pages.Images;

/// <summary>One image as the list shows it.</summary>
public sealed record ImageRow(string Id, string Name, string Status, string DiskFormat, string ContainerFormat, long? Size, string Visibility, string Created, bool Mine);

/// <summary>
/// Glance images: the list, delete, and an upload that streams the browser's bytes through to Glance
/// (POST /v2/images then PUT .../file) while the page shows the browser's upload progress.
/// </summary>
public sealed class ImagesModel : DashboardPage
{
    public IReadOnlyList<ImageRow> Images { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var images = await Api.ListAsync(Api.Image("v2/images?limit=1000&sort=name:asc"), "images", Aborted);
        Images = images.OfType<JsonObject>().Select(i => new ImageRow((string)i["id"]!, (string?)i["name"] ?? "", (string?)i["status"] ?? "",
            (string?)i["disk_format"] ?? "", (string?)i["container_format"] ?? "", (long?)i["size"], (string?)i["visibility"] ?? "",
            (string?)i["created_at"] ?? "", (string?)i["owner"] == Session.ProjectId || Session.IsAdmin())).ToList();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id)
    {
        try
        {
            await Api.DeleteAsync(Api.Image("v2/images/" + Uri.EscapeDataString(id)), Aborted);
            Notice = "Image deleted.";
        }
        catch (OpenStackApiException ex) when (ex.Status != 401)
        {
            Problem = ex.Message;
        }
        return RedirectToPage();
    }

    /// <summary>The body is the file itself (the page's script sends it with its progress); the answer is JSON for the script.</summary>
    public async Task<IActionResult> OnPostUploadAsync(string name, string disk_format, string container_format)
    {
        string? id = null;
        try
        {
            var created = await Api.PostAsync(Api.Image("v2/images"),
                new JsonObject { ["name"] = name, ["disk_format"] = disk_format, ["container_format"] = container_format }, Aborted);
            id = (string)created!["id"]!;
            var content = new StreamContent(Request.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            if (Request.ContentLength is { } length)
            {
                content.Headers.ContentLength = length;
            }
            await Api.SendAsync(HttpMethod.Put, Api.Image($"v2/images/{id}/file"), content, Aborted);
            return new JsonResult(new { id, message = $"Uploaded {name}." });
        }
        catch (OpenStackApiException ex) when (ex.Status != 401)
        {
            return new JsonResult(new { id, message = ex.Message }) { StatusCode = ex.Status };
        }
    }

    public static string Size(long? bytes) => bytes switch
    {
        null => "",
        < 1024 => $"{bytes} B",
        < 1 << 20 => (bytes.Value / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        < 1 << 30 => (bytes.Value / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes.Value / 1073741824.0).ToString("0.##", CultureInfo.InvariantCulture) + " GiB",
    };
}
