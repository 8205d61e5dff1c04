using Kumo.Client.Identity;
using Kumo.Dashboard.Client;
using Kumo.Dashboard.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kumo.Dashboard.Pages;

/// <summary>The project switcher: a token for the chosen project from the current one, then the old token is revoked.</summary>
public sealed class ProjectModel(ScopedTokens tokens, KeystoneClient keystone) : PageModel
{
    public IActionResult OnGet() => Redirect("/servers");

    public async Task<IActionResult> OnPostAsync(string projectId)
    {
        var current = User.Session();
        if (projectId != current.ProjectId)
        {
            var token = await tokens.RescopeAsync(current.Token, projectId, HttpContext.RequestAborted);
            await SessionClaims.SignInAsync(HttpContext, token);
            await keystone.RevokeAsync(current.Token, HttpContext.RequestAborted);
        }
        return Redirect("/servers");
    }
}
