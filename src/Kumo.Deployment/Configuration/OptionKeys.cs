using System.Collections;
using System.Reflection;

namespace Kumo.Deployment.Configuration;

/// <summary>
/// Every settable key of the options tree (KumoOptions and its sections), found by reflection so that a
/// setting added to any options class is known without a list to keep in step. Keys compare as the
/// configuration binder compares them: case-insensitively, sections joined with ':'.
/// </summary>
public sealed class OptionKeys
{
    private readonly Dictionary<string, OptionKey> _leaves = new(StringComparer.OrdinalIgnoreCase);

    private readonly HashSet<string> _sections = new(StringComparer.OrdinalIgnoreCase);

    private OptionKeys(Type root) => Walk(root, "");

    public static OptionKeys Of<T>() => new(typeof(T));

    /// <summary>The leaf settings, with the canonical spelling of their key.</summary>
    public IEnumerable<OptionKey> Leaves => _leaves.Values;

    public bool IsSection(string key) => _sections.Contains(key);

    /// <summary>
    /// The setting a configuration key sets: the leaf itself, or for a dictionary or list setting the
    /// entry below it (Compute:Foo:bar → Compute:Foo). Null when the key is unknown.
    /// </summary>
    public OptionKey? Find(string key)
    {
        if (_leaves.TryGetValue(key, out var leaf))
        {
            return leaf;
        }
        for (var at = key.LastIndexOf(':'); at > 0; at = key.LastIndexOf(':', at - 1))
        {
            if (_leaves.TryGetValue(key[..at], out var parent) && parent.IsCollection)
            {
                return parent;
            }
        }
        return null;
    }

    private void Walk(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }
            var key = prefix + property.Name;
            var propertyType = property.PropertyType;
            if (IsSectionType(propertyType))
            {
                _sections.Add(key);
                Walk(propertyType, key + ":");
            }
            else
            {
                _leaves[key] = new OptionKey(key, propertyType, IsCollectionType(propertyType));
            }
        }
    }

    private static bool IsSectionType(Type type) =>
        type.IsClass && type != typeof(string) && !IsCollectionType(type) && type.GetConstructor(Type.EmptyTypes) is not null;

    private static bool IsCollectionType(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);
}

/// <summary>One setting: its canonical key and the type it binds to.</summary>
public sealed record OptionKey(string Key, Type Type, bool IsCollection);
