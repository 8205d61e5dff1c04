namespace Kumo.Bench;

/// <summary>One plain-libvirt boot; seconds from just before `virsh define` started.</summary>
/// <param name="Defined">`virsh define` exited.</param>
/// <param name="Started">`virsh start` exited: the domain runs (the ACTIVE equivalent).</param>
/// <param name="Marker">The guest's console marker first seen in console.log (polled every ~5 ms).</param>
internal sealed record VirshSample(double Defined, double Started, double Marker);
