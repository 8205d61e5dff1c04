using System.Globalization;
using Kumo.Api.Infrastructure;

namespace Kumo.Api.Compute;

/// <summary>A compute API microversion, "2.37" (Nova's APIVersionRequest).</summary>
public readonly record struct Microversion(int Major, int Minor) : IComparable<Microversion>
{
    /// <summary>The lowest version served.</summary>
    public static readonly Microversion Min = new(2, 1);

    /// <summary>
    /// The highest version served: only what is implemented at it is advertised (version documents,
    /// 'latest'). Raise it only with the response shapes and behaviour of every version up to it.
    /// </summary>
    public static readonly Microversion Max = new(2, 25);

    public int CompareTo(Microversion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(Microversion a, Microversion b) => a.CompareTo(b) < 0;
    public static bool operator >(Microversion a, Microversion b) => a.CompareTo(b) > 0;
    public static bool operator <=(Microversion a, Microversion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Microversion a, Microversion b) => a.CompareTo(b) >= 0;

    /// <summary>True when the request's version is at least <paramref name="version"/> ("2.37").</summary>
    public bool AtLeast(string version) => this >= Parse(version);

    public static Microversion Parse(string text)
    {
        var parts = text.Trim().Split('.');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return new Microversion(major, minor);
        }
        throw ApiException.BadRequest($"API Version String {text} is of invalid format. Must be of format MajorNum.MinorNum.");
    }

    public override string ToString() => $"{Major}.{Minor}";
}

/// <summary>
/// Negotiates the microversion of every /compute/v2.1 request from <c>OpenStack-API-Version: compute X</c>
/// or <c>X-OpenStack-Nova-API-Version: X</c> (absent = 2.1, "latest" = the maximum; out of range = 406),
/// and echoes it on every response, errors included, with Vary naming both headers.
/// </summary>
public sealed class MicroversionMiddleware(RequestDelegate next)
{
    public const string Header = "OpenStack-API-Version";
    public const string LegacyHeader = "X-OpenStack-Nova-API-Version";
    private const string ItemKey = "kumo.microversion";

    public async Task InvokeAsync(HttpContext http)
    {
        var version = Microversion.Min;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = $"compute {version}";
            http.Response.Headers[LegacyHeader] = version.ToString();
            http.Response.Headers.Vary = $"{Header}, {LegacyHeader}";
            return Task.CompletedTask;
        });
        version = Negotiate(http.Request.Headers);
        http.Items[ItemKey] = version;
        await next(http);
    }

    public static Microversion Of(HttpContext http) => http.Items[ItemKey] is Microversion v ? v : Microversion.Min;

    private static Microversion Negotiate(IHeaderDictionary headers)
    {
        string? requested = null;
        foreach (var value in headers[Header])
        {
            foreach (var item in (value ?? "").Split(','))
            {
                var parts = item.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && parts[0].Equals("compute", StringComparison.OrdinalIgnoreCase))
                {
                    requested = parts[1];
                }
            }
        }
        requested ??= headers[LegacyHeader].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(requested))
        {
            return Microversion.Min;
        }
        if (requested.Trim().Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return Microversion.Max;
        }
        var version = Microversion.Parse(requested);
        if (version < Microversion.Min || version > Microversion.Max)
        {
            throw new ApiException(406, $"Version {version} is not supported by the API. Minimum is {Microversion.Min} and maximum is {Microversion.Max}.");
        }
        return version;
    }
}

public static class MicroversionExtensions
{
    public static Microversion Microversion(this HttpContext http) => MicroversionMiddleware.Of(http);
}
