using System.Text.RegularExpressions;

namespace Kumo.Dashboard.Pages.Servers;

/// <summary>
/// Which field of the launch form an API message is about: Nova's schema errors name the attribute
/// ("Invalid input for field/attribute name. ..."), its other errors name the thing ("Invalid imageRef provided").
/// </summary>
public static partial class LaunchErrorField
{
    public static string Of(string message)
    {
        var attribute = Attribute().Match(message);
        var subject = attribute.Success ? attribute.Groups[1].Value : message;
        return subject switch
        {
            _ when Has(subject, "user_data", "User data") => "userdata",
            _ when Has(subject, "key_name", "Key pair", "keypair") => "keyname",
            _ when Has(subject, "security_groups", "Security group", "security group", "Security_group") => "secgroups",
            _ when Has(subject, "networks", "Network ", "network") => "network",
            _ when Has(subject, "min_count", "max_count", "Quota exceeded", "quota") => "count",
            _ when Has(subject, "imageRef", "Image ", "image") => "image",
            _ when Has(subject, "flavorRef", "Flavor", "flavor") => "flavor",
            _ when attribute.Success && subject == "name" || Has(subject, "server name", "'name'") => "name",
            _ => "",
        };
    }

    private static bool Has(string text, params string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));

    [GeneratedRegex(@"field/attribute ([A-Za-z0-9_:.\-]+)\.")]
    private static partial Regex Attribute();
}
