namespace Kumo.Compute.Rpc;

/// <summary>What start_instance carries besides the instance (nothing yet; the record keeps both sides' contract typed).</summary>
public sealed record StartInstanceRequest;
