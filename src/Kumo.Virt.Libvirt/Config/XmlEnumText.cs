using System.Collections.Frozen;
using System.Reflection;
using System.Xml.Linq;
using System.Xml.Serialization;

namespace Kumo.Virt.Libvirt.Config;

/// <summary>
/// Maps the model's enums to libvirt's spellings. Each member carries its spelling in
/// <see cref="XmlEnumAttribute"/>, so the vocabulary sits next to the enum and nowhere else.
/// </summary>
internal static class XmlEnumText<T>
    where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> s_toText = Build();
    private static readonly FrozenDictionary<string, T> s_fromText =
        s_toText.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    public static string Format(T value) =>
        s_toText.TryGetValue(value, out var text)
            ? text
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(T).Name} has no libvirt spelling");

    /// <summary>Throws <see cref="FormatException"/> naming the element: an unsupported value in a modelled
    /// element is a bug or an unexpected domain, never something to drop silently.</summary>
    public static T Parse(string text, XElement context) =>
        s_fromText.TryGetValue(text, out var value)
            ? value
            : throw new FormatException($"<{context.Name.LocalName}>: unsupported {typeof(T).Name} '{text}'");

    private static FrozenDictionary<T, string> Build() =>
        typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static).ToFrozenDictionary(
            f => (T)f.GetValue(null)!,
            f => f.GetCustomAttribute<XmlEnumAttribute>()?.Name
                 ?? throw new InvalidOperationException($"{typeof(T).Name}.{f.Name} lacks [XmlEnum]"));
}
