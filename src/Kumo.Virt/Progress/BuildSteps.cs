namespace Kumo.Virt.Progress;

/// <summary>
/// The event names of a build's steps, in the style of Nova's compute__do_build_and_run_instance:
/// the manager's claim, network allocation and spawn, and inside the spawn the driver's own steps.
/// </summary>
public static class BuildSteps
{
    public const string Claim = "compute_build_claim";
    public const string AllocateNetwork = "compute_build_allocate_network";
    public const string Spawn = "compute_build_spawn";
    public const string FetchImage = "compute_build_fetch_image";
    public const string Disks = "compute_build_disks";
    public const string ConfigDrive = "compute_build_config_drive";
    public const string Xml = "compute_build_xml";
    public const string PlugVifs = "compute_build_plug_vifs";
    public const string Define = "compute_build_define";
    public const string Start = "compute_build_start";
    public const string VifPluggedWait = "compute_build_vif_plugged_wait";
    public const string Resume = "compute_build_resume";
}
