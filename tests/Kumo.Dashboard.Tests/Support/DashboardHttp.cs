using System.Net;
using System.Text.RegularExpressions;

namespace Kumo.Dashboard.Tests.Support;

/// <summary>The dashboard as plain HTTP (a cookie jar, no redirects followed): for what a browser would not send, such as a form without its token.</summary>
public sealed partial class DashboardHttp : IDisposable
{
    private readonly HttpClient _http;

    public DashboardHttp(Uri baseUrl)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl };
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> form) =>
        _http.PostAsync(path, new FormUrlEncodedContent(form));

    /// <summary>The antiforgery token of the form on a page (its cookie lands in the jar).</summary>
    public async Task<string> FormTokenAsync(string path)
    {
        var html = await (await _http.GetAsync(path)).Content.ReadAsStringAsync();
        return WebUtility.HtmlDecode(TokenField().Match(html) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException($"{path} has no antiforgery field."));
    }

    public async Task LoginAsync(string user, string password, string project)
    {
        var token = await FormTokenAsync("/login");
        var answer = await PostFormAsync("/login", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["username"] = user, ["password"] = password, ["domain"] = "Default", ["project"] = project,
        });
        if (answer.StatusCode != HttpStatusCode.Redirect || answer.Headers.Location?.OriginalString != "/servers")
        {
            throw new InvalidOperationException($"Login of {user} failed: {(int)answer.StatusCode}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public void Dispose() => _http.Dispose();
}
