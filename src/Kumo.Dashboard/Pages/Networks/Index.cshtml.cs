namespace Kumo.Dashboard.Pages.Networks;

/// <summary>A placeholder until the Neutron API lands: says so instead of failing.</summary>
public sealed class NetworksModel : DashboardPage
{
    public void OnGet()
    {
    }
}
