using Kumo.Client.Errors;
using Kumo.Dashboard.Client;
using Kumo.Dashboard.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kumo.Dashboard.Pages;

/// <summary>Password → token (POST /v3/auth/tokens); the session keeps the token server-side.</summary>
public sealed class LoginModel(ScopedTokens tokens) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Expired { get; set; }

    [BindProperty]
    public string Username { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string Domain { get; set; } = "Default";

    [BindProperty]
    public string? Project { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/servers") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var token = await tokens.LoginAsync(Username.Trim(), Password, string.IsNullOrWhiteSpace(Domain) ? "Default" : Domain.Trim(),
                string.IsNullOrWhiteSpace(Project) ? null : Project.Trim(), HttpContext.RequestAborted);
            await SessionClaims.SignInAsync(HttpContext, token);
            return Redirect("/servers");
        }
        catch (OpenStackApiException ex)
        {
            Error = ex.Status == 401 ? "The user name or password is wrong (Keystone: " + ex.Message + ")" : ex.Message;
            return Page();
        }
    }
}
