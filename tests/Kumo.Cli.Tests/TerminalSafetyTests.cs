using System.Text.Json.Nodes;
using Kumo.Cli.Output;

namespace Kumo.Cli.Tests;

/// <summary>
/// Guest console bytes and names come from others (a guest, another project's user): printed, they
/// must not reach the terminal as control sequences (colours, cursor moves, OSC 52 clipboard writes,
/// title changes, bidi reordering).
/// </summary>
public sealed class TerminalSafetyTests : IAsyncLifetime
{
    private const string Hostile = "boot ok\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J\u001b[31mred\u009b1m\r\u202eexe.txt\ud800 end";

    private CliCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await CliCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private static void AssertNoControls(string text)
    {
        Assert.DoesNotContain(text, c => c < 0x20 && c != '\n' || c is >= '\u007f' and <= '\u009f' || c is '\u202e' || char.IsSurrogate(c));
    }

    [Fact]
    public async Task Console_output_of_a_hostile_guest_is_shown_with_its_escapes_made_visible()
    {
        _cloud.Behaviour.ConsoleOutput = _ => "KUMO-GUEST-UP\r\n" + Hostile + "\n";
        await _cloud.CreateImageAsync("tiny");
        Assert.Equal(0, (await _cloud.RunAsync("server", "create", "vm", "--flavor", "m1.nano", "--image", "tiny", "--wait")).ExitCode);

        var console = await _cloud.RunAsync("server", "console", "vm");

        Assert.Equal(0, console.ExitCode);
        AssertNoControls(console.Out);
        Assert.Equal("KUMO-GUEST-UP\nboot ok\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2J\\x1b[31mred\\x9b1m\\x0d\\u202eexe.txt\uFFFD end\n", console.Out);
    }

    [Fact]
    public async Task A_hostile_image_name_is_harmless_in_table_value_and_yaml_and_escaped_in_json()
    {
        var data = Path.Combine(_cloud.StateDir, "x.raw");
        await File.WriteAllBytesAsync(data, new byte[64]);
        var name = "\u001b[31mevil\u001b[0m\u202e";
        var created = await _cloud.RunAsync("image", "create", name, "--file", data, "-f", "value", "-c", "id");
        Assert.True(created.ExitCode == 0, created.ToString());

        foreach (var format in new[] { "table", "value", "yaml" })
        {
            var list = await _cloud.RunAsync("image", "list", "-f", format);
            AssertNoControls(list.Out);
            Assert.Contains("\\x1b[31mevil\\x1b[0m\\u202e", list.Out);
        }
        var json = await _cloud.RunAsync("image", "list", "-f", "json");
        AssertNoControls(json.Out);
        Assert.Equal(name, (string?)JsonNode.Parse(json.Out)!.AsArray().Single()!["Name"]);
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("tab\there", "tab\\x09here")]
    [InlineData("\u001b[1mbold", "\\x1b[1mbold")]
    [InlineData("a\u200bb\ufeff", "a\\u200bb\\ufeff")]
    [InlineData("emoji \ud83d\ude00 stays", "emoji \ud83d\ude00 stays")]
    public void Terminal_text_keeps_what_is_printable_and_shows_the_rest(string text, string shown)
    {
        Assert.Equal(shown, TerminalText.Safe(text));
    }

    [Fact]
    public void Broken_utf16_becomes_the_replacement_character()
    {
        // Not an InlineData: xunit's serialisation of test cases would replace the lone surrogates itself.
        Assert.Equal("lone \uFFFD and \uFFFD", TerminalText.Safe("lone \udc00 and \ud800"));
    }
}
