namespace Kumo.Objects.Services;

/// <summary>Nova's binary names, as os-services and `openstack compute service list` show them.</summary>
public static class ServiceBinaries
{
    public const string Compute = "nova-compute";
    public const string Conductor = "nova-conductor";
    public const string Scheduler = "nova-scheduler";
}
