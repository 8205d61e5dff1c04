using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Kumo.Deployment.Configuration;

/// <summary>
/// Reads kumo.json and KUMO__SECTION__KEY variables into one set of canonical keys: Nova's names are
/// translated, every key must be a known setting and every value must convert to its type. A mistake
/// is an <see cref="InvalidConfigurationException"/> naming the key as the operator wrote it, where
/// it was written, and the nearest known key; nothing starts on a configuration with a typo in it.
/// </summary>
public static class ConfigurationReader
{
    public const string EnvironmentPrefix = "KUMO__";

    private static readonly OptionKeys _keys = OptionKeys.Of<KumoOptions>();

    /// <summary>One setting as written: its key, value and where (for messages).</summary>
    private sealed record Setting(string Key, string Value, string Source, bool FromEnvironment);

    /// <summary>Canonical key → value; the environment wins over the file.</summary>
    public static Dictionary<string, string?> Read(string? jsonFile, IDictionary environment)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in new[] { FromJson(jsonFile), FromEnvironment(environment) })
        {
            var seen = new Dictionary<string, Setting>(StringComparer.OrdinalIgnoreCase);
            foreach (var setting in source)
            {
                var (key, value) = Canonical(setting);
                if (seen.TryGetValue(key, out var other) && !string.Equals(merged[key], value, StringComparison.Ordinal))
                {
                    throw new InvalidConfigurationException(Label(setting),
                        $"{Label(setting)} and {Label(other)} both set {key} ({setting.Source}), to different values: keep one.");
                }
                seen[key] = setting;
                merged[key] = value;
            }
        }
        return merged;
    }

    private static (string Key, string? Value) Canonical(Setting setting)
    {
        var alias = NovaOptionAliases.Resolve(setting.Key, setting.Value);
        var key = alias?.Key ?? setting.Key;
        var option = _keys.Find(key) ?? throw Unknown(setting);
        if (option.IsCollection)
        {
            return (key, setting.Value);
        }
        var value = SettingValues.Normalize(alias?.Value ?? setting.Value, option.Type, out var problem);
        if (problem is not null)
        {
            throw new InvalidConfigurationException(Label(setting), $"{Label(setting)} = '{setting.Value}' ({setting.Source}) {problem}.");
        }
        return (option.Key, value);
    }

    private static InvalidConfigurationException Unknown(Setting setting)
    {
        var known = _keys.Leaves.Select(l => l.Key).Concat(NovaOptionAliases.All.Keys);
        var nearest = KeySuggestions.Nearest(setting.Key, known);
        var hint = nearest is null ? " See the configuration table in the README for the known settings."
            : $" Did you mean {(setting.FromEnvironment ? EnvironmentName(nearest) + $" ({nearest})" : nearest)}?";
        return new InvalidConfigurationException(Label(setting), $"Unknown setting {Label(setting)} ({setting.Source}).{hint}");
    }

    private static string Label(Setting setting) => setting.FromEnvironment ? EnvironmentName(setting.Key) : setting.Key;

    private static string EnvironmentName(string key) => EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant();

    private static IEnumerable<Setting> FromJson(string? file)
    {
        if (file is null)
        {
            return [];
        }
        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file), optional: false).Build();
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidConfigurationException(file, $"{file} is not valid JSON: {ex.InnerException?.Message ?? ex.Message}");
        }
        var source = $"in {file}";
        // Sections appear as keys without a value; an empty object ("Compute": {}) as an empty value.
        return root.AsEnumerable()
            .Where(pair => pair.Value is not null && !(pair.Value.Length == 0 && _keys.IsSection(pair.Key)))
            .Select(pair => new Setting(pair.Key, pair.Value!, source, FromEnvironment: false))
            .ToList();
    }

    private static IEnumerable<Setting> FromEnvironment(IDictionary environment)
    {
        var settings = new List<Setting>();
        foreach (DictionaryEntry entry in environment)
        {
            var name = (string)entry.Key;
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > EnvironmentPrefix.Length)
            {
                var key = name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
                settings.Add(new Setting(key, (string?)entry.Value ?? "", "environment", FromEnvironment: true));
            }
        }
        return settings.OrderBy(s => s.Key, StringComparer.Ordinal);
    }
}
