using Kumo.Client.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Kumo.Dashboard.Sessions;

/// <summary>
/// An API answer no page handled: 401 (the token expired or was revoked) ends the session and goes to
/// the login page; anything else shows the API's own message on the error page, never a stack trace.
/// </summary>
public sealed class ApiErrorPages(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (OpenStackApiException ex) when (!http.Response.HasStarted)
        {
            if (ex.Status == 401)
            {
                await http.SignOutAsync(SessionStore.Scheme);
                http.Response.Redirect("/login?expired=1");
                return;
            }
            http.Items[nameof(OpenStackApiException)] = ex;
            http.Response.Clear();
            http.Response.StatusCode = ex.Status is >= 400 and < 600 ? ex.Status : 502;
            http.Request.Path = "/Error";
            http.Request.QueryString = QueryString.Empty;
            http.Request.Method = "GET";
            http.SetEndpoint(null);
            await next(http);
        }
    }
}
