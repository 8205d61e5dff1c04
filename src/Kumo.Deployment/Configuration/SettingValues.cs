using System.ComponentModel;
using System.Globalization;

namespace Kumo.Deployment.Configuration;

/// <summary>
/// Checks that a configuration string converts to its setting's type, and puts it in the form the
/// binder reads. A duration given as a plain number is seconds, as in nova.conf (the binder alone
/// would read "600" as 600 days).
/// </summary>
internal static class SettingValues
{
    /// <summary>The value to bind, or null with <paramref name="problem"/> set when it cannot be one.</summary>
    public static string? Normalize(string value, Type type, out string? problem)
    {
        problem = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            if (value.Length == 0)
            {
                return value;
            }
            type = underlying;
        }
        var text = value.Trim();
        if (type == typeof(string))
        {
            return value;
        }
        if (type == typeof(int) || type == typeof(long))
        {
            var ok = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                && (type == typeof(long) || number is >= int.MinValue and <= int.MaxValue);
            return Fail(ok, text, "is not a whole number", ref problem);
        }
        if (type == typeof(double))
        {
            var ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number);
            return Fail(ok, text, "is not a number", ref problem);
        }
        if (type == typeof(bool))
        {
            return Fail(bool.TryParse(text, out _), text, "is not true or false", ref problem);
        }
        if (type == typeof(TimeSpan))
        {
            return Duration(text, ref problem);
        }
        if (type.IsEnum)
        {
            return Fail(Enum.TryParse(type, text, ignoreCase: true, out _), text, $"is not one of {string.Join(", ", Enum.GetNames(type))}", ref problem);
        }
        return Converts(text, type, ref problem);
    }

    private static string? Duration(string text, ref string? problem)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture);
        }
        return Fail(TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _), text, "is not a duration (seconds, or hh:mm:ss)", ref problem);
    }

    private static string? Converts(string text, Type type, ref string? problem)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text);
            return text;
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException)
        {
            problem = $"is not a valid {type.Name}";
            return null;
        }
    }

    private static string? Fail(bool ok, string text, string message, ref string? problem)
    {
        if (ok)
        {
            return text;
        }
        problem = message;
        return null;
    }
}
