using Kumo.Client.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kumo.Dashboard.Pages;

/// <summary>Every failure ends here: the API's message when the API refused, a plain sentence otherwise; never a stack trace.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";

    public string Message { get; private set; } = "The dashboard could not show this page.";

    public string? RequestId { get; private set; }

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        if (HttpContext.Items[nameof(OpenStackApiException)] is OpenStackApiException api)
        {
            Heading = $"The API answered {api.Status}";
            Message = api.Message;
            RequestId = api.RequestId;
            return;
        }
        if (HttpContext.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            Response.StatusCode = 500;
            Message = "The dashboard failed to show this page. The service log has the details.";
            return;
        }
        (Heading, Message) = status switch
        {
            404 => ("Not found", "There is no such page."),
            400 => ("Bad request", "The form was refused: it was stale or did not come from this dashboard. Reload the page and try again."),
            _ => (Heading, Message),
        };
    }
}
