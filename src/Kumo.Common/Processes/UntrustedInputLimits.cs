namespace Kumo.Common.Processes;

/// <summary>
/// Runs a command that parses untrusted input (qemu-img on a user's image) under prlimit, as Nova's
/// QEMU_IMG_LIMITS do (nova/virt/images.py: 1 GiB of address space, 30 s of CPU): a crafted image
/// that makes the parser allocate or loop without end is killed by the kernel instead of taking the
/// host down. Both programs by absolute path, so PATH cannot substitute either.
/// </summary>
public static class UntrustedInputLimits
{
    public const string Prlimit = "/usr/bin/prlimit";

    public const long AddressSpaceBytes = 1L << 30;

    public const int CpuSeconds = 30;

    public static CommandSpec Apply(CommandSpec spec) =>
        new(Prlimit, [$"--as={AddressSpaceBytes}", $"--cpu={CpuSeconds}", "--", spec.FileName, .. spec.Arguments])
        {
            StandardInput = spec.StandardInput,
            Timeout = spec.Timeout,
            CheckExitCode = spec.CheckExitCode,
            MaxOutputChars = spec.MaxOutputChars,
        };
}
