using System.Text;

namespace Kumo.Identity.Bootstrap;

/// <summary>
/// The bootstrap's two files: devstack's openrc (OS_* variables for the admin) and openstacksdk's
/// clouds.yaml (clouds kumo-admin and kumo-demo). Both are written atomically (a temporary file in the
/// same directory, created with mode 0600, then renamed over the old one) and only by Kumo: a
/// clouds.yaml without Kumo's first line belongs to someone else and is left alone.
/// </summary>
public static class CredentialFiles
{
    public const string Marker = "# Written by kumo serve (identity bootstrap). Mode 0600: it holds passwords.";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string Openrc(CloudCredentials admin) => new StringBuilder()
        .AppendLine(Marker)
        .AppendLine($"export OS_AUTH_URL={Shell(admin.AuthUrl)}")
        .AppendLine($"export OS_USERNAME={Shell(admin.UserName)}")
        .AppendLine($"export OS_PASSWORD={Shell(admin.Password)}")
        .AppendLine($"export OS_PROJECT_NAME={Shell(admin.ProjectName)}")
        .AppendLine($"export OS_USER_DOMAIN_NAME={CloudCredentials.DomainName}")
        .AppendLine($"export OS_PROJECT_DOMAIN_NAME={CloudCredentials.DomainName}")
        .AppendLine("export OS_IDENTITY_API_VERSION=3")
        .AppendLine($"export OS_REGION_NAME={Shell(admin.Region)}")
        .ToString();

    public static string CloudsYaml(IEnumerable<CloudCredentials> clouds)
    {
        var yaml = new StringBuilder().AppendLine(Marker).AppendLine("clouds:");
        foreach (var c in clouds)
        {
            yaml.AppendLine($"  {c.Cloud}:")
                .AppendLine("    auth:")
                .AppendLine($"      auth_url: {Yaml(c.AuthUrl)}")
                .AppendLine($"      username: {Yaml(c.UserName)}")
                .AppendLine($"      password: {Yaml(c.Password)}")
                .AppendLine($"      project_name: {Yaml(c.ProjectName)}")
                .AppendLine($"      user_domain_name: {CloudCredentials.DomainName}")
                .AppendLine($"      project_domain_name: {CloudCredentials.DomainName}")
                .AppendLine($"    region_name: {Yaml(c.Region)}")
                .AppendLine("    interface: public")
                .AppendLine("    identity_api_version: 3");
        }
        return yaml.ToString();
    }

    /// <summary>Writes <paramref name="content"/> unless the file already says exactly that; false when the file is someone else's.</summary>
    public static bool Write(string path, string content)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path);
            if (existing == content)
            {
                return true;
            }
            if (!existing.StartsWith(Marker, StringComparison.Ordinal))
            {
                return false;
            }
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The password a Kumo-written file holds for <paramref name="cloud"/> (clouds.yaml) or the admin (openrc), if any.</summary>
    public static string? ReadPassword(string path, string cloud) => Read(path, cloud, "password", "OS_PASSWORD");

    /// <summary>The auth_url a Kumo-written file holds for <paramref name="cloud"/> (clouds.yaml) or the admin (openrc), if any.</summary>
    public static string? ReadAuthUrl(string path, string cloud) => Read(path, cloud, "auth_url", "OS_AUTH_URL");

    private static string? Read(string path, string cloud, string yamlKey, string variable)
    {
        if (path.Length == 0 || !File.Exists(path))
        {
            return null;
        }
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Marker)
        {
            return null;
        }
        var export = $"export {variable}=";
        var openrc = lines.FirstOrDefault(l => l.StartsWith(export, StringComparison.Ordinal));
        if (openrc is not null)
        {
            return UnShell(openrc[export.Length..]);
        }
        var key = $"      {yamlKey}: ";
        var start = Array.IndexOf(lines, $"  {cloud}:");
        var value = start < 0 ? null : lines.Skip(start + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal))
            .FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return value is null ? null : UnYaml(value[key.Length..]);
    }

    private static string Shell(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string UnShell(string quoted) => quoted.Length >= 2 ? quoted[1..^1].Replace("'\\''", "'", StringComparison.Ordinal) : quoted;

    private static string Yaml(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string UnYaml(string quoted) => quoted.Length >= 2 ? quoted[1..^1].Replace("''", "'", StringComparison.Ordinal) : quoted;
}
