using YamlDotNet.RepresentationModel;

namespace Kumo.Cli.Client;

/// <summary>Reads one cloud of a clouds.yaml (the `clouds:` mapping openstacksdk reads) into credentials.</summary>
public static class CloudsYaml
{
    public static CloudCredentials Read(string cloud, CloudSettings settings)
    {
        var file = settings.CloudsYamlCandidates().FirstOrDefault(File.Exists)
            ?? throw new CliException($"Cloud {cloud} was not found: no clouds.yaml in {string.Join(", ", settings.CloudsYamlCandidates())}.");
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new CliException($"{file} is not valid YAML: {ex.Message}");
        }
        var clouds = yaml.Documents.Count == 0 ? null : Child(yaml.Documents[0].RootNode, "clouds") as YamlMappingNode;
        if (clouds is null || Child(clouds, cloud) is not YamlMappingNode entry)
        {
            var known = clouds?.Children.Keys.Select(k => k.ToString()) ?? [];
            throw new CliException($"Cloud {cloud} was not found in {file} (clouds there: {string.Join(", ", known)}).");
        }
        var auth = Child(entry, "auth") as YamlMappingNode;
        string? Auth(string key) => Scalar(auth, key);
        return new CloudCredentials(
            Auth("auth_url") ?? throw new CliException($"Cloud {cloud} in {file} has no auth.auth_url."),
            Auth("username") ?? throw new CliException($"Cloud {cloud} in {file} has no auth.username."),
            Auth("password") ?? throw new CliException($"Cloud {cloud} in {file} has no auth.password."),
            Auth("project_name"),
            Auth("project_id"),
            Auth("user_domain_name") ?? Auth("domain_name") ?? "Default",
            Auth("project_domain_name") ?? Auth("domain_name") ?? "Default",
            Scalar(entry, "region_name"),
            Scalar(entry, "interface") ?? "public");
    }

    private static YamlNode? Child(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode? node, string key) => node is null ? null : (Child(node, key) as YamlScalarNode)?.Value;
}
