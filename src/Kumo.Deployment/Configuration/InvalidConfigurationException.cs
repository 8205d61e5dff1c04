namespace Kumo.Deployment.Configuration;

/// <summary>
/// A setting Kumo cannot start with: an unknown key, a value of the wrong type or out of range.
/// <see cref="Key"/> is the setting as the operator wrote it (kumo.json path or environment variable).
/// </summary>
public sealed class InvalidConfigurationException(string key, string message) : ArgumentException(message)
{
    public string Key { get; } = key;
}
