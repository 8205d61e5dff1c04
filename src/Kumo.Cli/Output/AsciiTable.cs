using System.Text;

namespace Kumo.Cli.Output;

/// <summary>The table openstackclient prints (prettytable's default style), with multi-line cells.</summary>
internal static class AsciiTable
{
    public static string Render(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        var cells = rows.Select(r => r.Select(c => c.Split('\n')).ToArray()).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Max(l => l.Length)))).ToArray();
        var rule = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+";
        var text = new StringBuilder().AppendLine(rule);
        Line(text, header, widths);
        text.AppendLine(rule);
        foreach (var row in cells)
        {
            var height = row.Max(c => c.Length);
            for (var line = 0; line < height; line++)
            {
                Line(text, row.Select(c => line < c.Length ? c[line] : "").ToArray(), widths);
            }
        }
        return text.AppendLine(rule).ToString();
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> values, int[] widths)
    {
        text.Append('|');
        for (var i = 0; i < values.Count; i++)
        {
            text.Append(' ').Append(values[i].PadRight(widths[i])).Append(" |");
        }
        text.AppendLine();
    }
}
