namespace Kumo.Compute.Rpc;

/// <summary>What stop_instance carries besides the instance: whether the guest gets its ACPI shutdown first (Nova's clean_shutdown).</summary>
public sealed record StopInstanceRequest(bool CleanShutdown = true);
