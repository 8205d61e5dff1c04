using Kumo.Client.Identity;
using Kumo.Dashboard.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kumo.Dashboard.Pages;

/// <summary>Revokes the token (DELETE /v3/auth/tokens) and ends the session: a copy of the old cookie finds nothing.</summary>
public sealed class LogoutModel(KeystoneClient keystone) : PageModel
{
    public IActionResult OnGet() => Redirect("/servers");

    public async Task<IActionResult> OnPostAsync()
    {
        await keystone.RevokeAsync(User.Session().Token, HttpContext.RequestAborted);
        await HttpContext.SignOutAsync(SessionStore.Scheme);
        return Redirect("/login");
    }
}
