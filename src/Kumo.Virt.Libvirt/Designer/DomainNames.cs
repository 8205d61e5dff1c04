namespace Kumo.Virt.Libvirt.Designer;

/// <summary>
/// The libvirt domain name of an instance. Nova uses instance-%08x of an integer id Kumo does not have; a
/// prefix of the uuid could collide, so the whole uuid (45 characters, well within libvirt's limits).
/// </summary>
public static class DomainNames
{
    public const string Prefix = "instance-";

    public static string For(Guid instanceUuid) => Prefix + instanceUuid.ToString("D");
}
