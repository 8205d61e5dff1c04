using System.Globalization;
using System.Text;

namespace Kumo.Cli.Output;

/// <summary>
/// Makes text from the API harmless on a terminal: a server name or a guest's console may hold ESC
/// sequences (colours, cursor moves, OSC 52 clipboard writes, window titles), other C0/C1 controls,
/// or bidi overrides that reorder what is shown. Those are rendered visibly (\x1b, \u202e); broken
/// UTF-16 (a lone surrogate) becomes U+FFFD. Newlines and tabs are kept only where asked.
/// </summary>
public static class TerminalText
{
    public static string Safe(string text, bool keepLineBreaks = false)
    {
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            var replacement = Replacement(text, i, keepLineBreaks);
            if (replacement is null)
            {
                safe?.Append(c);
                continue;
            }
            safe ??= new StringBuilder(text, 0, i, text.Length + 16);
            safe.Append(replacement);
        }
        return safe?.ToString() ?? text;
    }

    /// <summary>Null when the character may be shown as it is, else what to show instead ("" drops a CR before LF).</summary>
    private static string? Replacement(string text, int i, bool keepLineBreaks)
    {
        var c = text[i];
        if (char.IsSurrogate(c))
        {
            return "\uFFFD";
        }
        if (keepLineBreaks && (c == '\n' || c == '\t'))
        {
            return null;
        }
        if (keepLineBreaks && c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
        {
            return "";
        }
        if (c < 0x20 || c is >= '\u007f' and <= '\u009f')
        {
            return "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture);
        }
        return IsFormatControl(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : null;
    }

    // Bidi embeddings/overrides/isolates and marks (Trojan Source, CVE-2021-42574), zero-width and BOM.
    private static bool IsFormatControl(char c) =>
        c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069' or '\u200e' or '\u200f' or '\u061c' or >= '\u200b' and <= '\u200d' or '\ufeff';
}
