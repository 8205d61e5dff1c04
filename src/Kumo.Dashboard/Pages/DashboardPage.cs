using Kumo.Client.Identity;
using Kumo.Dashboard.Client;
using Kumo.Dashboard.Sessions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kumo.Dashboard.Pages;

/// <summary>
/// A page of a signed-in user: the API as that user, and what the header shows (who, which project,
/// the projects to switch to, from GET /v3/auth/projects).
/// </summary>
public abstract class DashboardPage : PageModel
{
    private CloudApi? _api;

    public CloudApi Api => _api ??= CloudApi.For(HttpContext);

    public ScopedToken Session => Api.Session;

    public IReadOnlyList<KeystoneProject> Projects { get; private set; } = [];

    /// <summary>A message for the top of the page after an action (the API's own words on failure).</summary>
    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Notice { get; set; }

    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Problem { get; set; }

    public CancellationToken Aborted => HttpContext.RequestAborted;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (HttpContext.User.Identity?.IsAuthenticated != true)
        {
            await next();
            return;
        }
        // The header's projects are fetched while the page's own calls run (one round trip less).
        var keystone = (KeystoneClient)HttpContext.RequestServices.GetService(typeof(KeystoneClient))!;
        var projects = keystone.ProjectsAsync(Session.Token, Aborted);
        try
        {
            await next();
        }
        catch
        {
            // The page's own failure is the one to show; the projects call's outcome no longer matters.
            _ = projects.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
        Projects = await projects;
    }
}
