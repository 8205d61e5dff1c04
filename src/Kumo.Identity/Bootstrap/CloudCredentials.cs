namespace Kumo.Identity.Bootstrap;

/// <summary>One user's way in, as openstack clients take it (OS_* variables or a clouds.yaml entry).</summary>
public sealed record CloudCredentials(string Cloud, string AuthUrl, string Region, string UserName, string Password, string ProjectName)
{
    public const string DomainName = "Default";
}
