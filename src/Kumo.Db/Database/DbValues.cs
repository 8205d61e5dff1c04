using System.Globalization;

namespace Kumo.Db.Database;

/// <summary>
/// How CLR values are stored, identically on every engine: timestamps as ISO-8601 UTC text, ids as
/// lower-case text, booleans as 0/1 integers.
/// </summary>
internal static class DbValues
{
    // Fixed width (always 7 fraction digits and 'Z') so that text order is time order: ORDER BY on
    // these columns works the same in SQLite and PostgreSQL without a timestamp type, and a value
    // round-trips to the tick.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string? TimeOrNull(DateTimeOffset? value) => value is { } v ? Time(v) : null;

    public static DateTimeOffset ParseTime(string text) =>
        new(DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), TimeSpan.Zero);

    public static DateTimeOffset? ParseTimeOrNull(string? text) => text is null ? null : ParseTime(text);

    // Microsoft.Data.Sqlite would bind a Guid as a 16-byte BLOB; text keeps rows readable and
    // compares the same way in every engine.
    public static string Id(Guid id) => id.ToString("D");

    public static int Flag(bool value) => value ? 1 : 0;
}
