namespace Kumo.Cli.Client;

/// <summary>Where the CLI reads its settings from: the environment and the user's folders (tests give their own).</summary>
public sealed record CloudSettings(Func<string, string?> Variable, string CurrentDirectory, string HomeDirectory)
{
    public static CloudSettings FromProcess() => new(Environment.GetEnvironmentVariable, Environment.CurrentDirectory,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The clouds.yaml files openstacksdk reads, first found wins: $OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack/, /etc/openstack/.</summary>
    public IEnumerable<string> CloudsYamlCandidates()
    {
        if (Variable("OS_CLIENT_CONFIG_FILE") is { Length: > 0 } file)
        {
            yield return file;
        }
        yield return Path.Combine(CurrentDirectory, "clouds.yaml");
        yield return Path.Combine(HomeDirectory, ".config", "openstack", "clouds.yaml");
        yield return "/etc/openstack/clouds.yaml";
    }
}
