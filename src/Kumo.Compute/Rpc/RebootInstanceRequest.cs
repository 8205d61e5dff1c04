namespace Kumo.Compute.Rpc;

/// <summary>What reboot_instance carries besides the instance: SOFT (ACPI, then HARD after a timeout) or HARD.</summary>
public sealed record RebootInstanceRequest(RebootType Type);

public enum RebootType
{
    Soft,
    Hard,
}
