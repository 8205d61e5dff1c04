using Kumo.Common.Processes;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;
using Kumo.Virt.Libvirt.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Virt.Libvirt.Tests.Storage;

/// <summary>Runs the real qemu-img (QEMU 7.2 on the project's machines), recording what was run.</summary>
public sealed class DiskBuilderTests : IDisposable
{
    private const long GiB = 1L << 30;
    private readonly TempDirectory _temp = new();
    private readonly RecordingCommandRunner _runner = new(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance));
    private readonly DiskBuilder _builder;

    public DiskBuilderTests() => _builder = new DiskBuilder(_runner, NullLogger<DiskBuilder>.Instance);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Root_disk_is_a_qcow2_overlay_of_the_base_sized_by_the_flavor()
    {
        var basePath = await CreateImageAsync("qcow2", 64L << 20);
        var instanceDir = _temp.Combine("instances", Guid.NewGuid().ToString());

        var disks = await _builder.CreateAsync(Request(instanceDir, "qcow2", basePath, rootGb: 1));

        Assert.Equal(Path.Combine(instanceDir, "disk"), disks.RootDisk);
        var info = await InfoAsync(disks.RootDisk);
        Assert.Equal("qcow2", info.Format);
        Assert.Equal(1 * GiB, info.VirtualSize);
        Assert.Equal(basePath, info.BackingFilename);
        Assert.Equal("qcow2", info.BackingFormat);
        Assert.Null(disks.Kernel);
        Assert.Null(disks.Ramdisk);
        Assert.Contains(_runner.Commands, c => QemuImgArguments(c).Take(5).SequenceEqual(["create", "-f", "qcow2", "-F", "qcow2"]));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(disks.RootDisk));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(instanceDir));
    }

    [Fact]
    public async Task A_second_instance_of_the_same_base_and_sizes_gets_the_same_overlays_without_a_qemu_img_create()
    {
        var basePath = await CreateImageAsync("qcow2", 64L << 20);
        var blank = _temp.Combine("swap-base");
        await _runner.RunAsync(new CommandSpec("qemu-img", "create", "-f", "raw", blank, (64L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        DiskBuildRequest For(string dir) => Request(_temp.Combine(dir), "qcow2", basePath, rootGb: 1) with { SwapBasePath = blank, SwapMb = 64 };
        var first = await _builder.CreateAsync(For("first"));
        var creates = _runner.Commands.Count(c => QemuImgArguments(c).FirstOrDefault() == "create");

        var second = await _builder.CreateAsync(For("second"));

        Assert.Equal(creates, _runner.Commands.Count(c => QemuImgArguments(c).FirstOrDefault() == "create"));
        Assert.Equal(await File.ReadAllBytesAsync(first.RootDisk), await File.ReadAllBytesAsync(second.RootDisk));
        Assert.Equal(await File.ReadAllBytesAsync(first.Swap!), await File.ReadAllBytesAsync(second.Swap!));
        var root = await InfoAsync(second.RootDisk);
        Assert.Equal(("qcow2", 1 * GiB, basePath, "qcow2"), (root.Format, root.VirtualSize, root.BackingFilename, root.BackingFormat));
        var swap = await InfoAsync(second.Swap!);
        Assert.Equal(("qcow2", 64L << 20, blank, "raw"), (swap.Format, swap.VirtualSize, swap.BackingFilename, swap.BackingFormat));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(second.RootDisk));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(second.Swap!));
        // The base's checks ran once: its file has not changed since.
        Assert.Equal(1, _runner.Commands.Count(c => QemuImgArguments(c).FirstOrDefault() == "info" && c.Arguments.Contains(basePath)));
    }

    [Fact]
    public async Task A_base_rewritten_since_its_last_check_is_checked_again()
    {
        var basePath = await CreateImageAsync("qcow2", 64L << 20);
        await _builder.CreateAsync(Request(_temp.Combine("first"), "qcow2", basePath, rootGb: 1));
        // The same path now holds an image with a backing file (a new version of the file: new size and mtime).
        var inner = await CreateImageAsync("qcow2", 32L << 20);
        File.Delete(basePath);
        await _runner.RunAsync(new CommandSpec("qemu-img", "create", "-f", "qcow2", "-F", "qcow2", "-b", inner, basePath));
        File.SetLastWriteTimeUtc(basePath, DateTime.UtcNow.AddMinutes(1));

        var refused = await Assert.ThrowsAsync<ImageUnacceptableException>(() => _builder.CreateAsync(Request(_temp.Combine("second"), "qcow2", basePath, rootGb: 1)));

        Assert.Contains("backing file", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("second")));
    }

    [Fact]
    public async Task Flavor_root_gb_zero_takes_the_image_virtual_size_and_raw_bases_are_read_as_raw()
    {
        var basePath = await CreateImageAsync("raw", 48L << 20);
        var instanceDir = _temp.Combine(Guid.NewGuid().ToString());

        var disks = await _builder.CreateAsync(Request(instanceDir, "raw", basePath, rootGb: 0));

        var info = await InfoAsync(disks.RootDisk);
        Assert.Equal(48L << 20, info.VirtualSize);
        Assert.Equal(basePath, info.BackingFilename);
        Assert.Equal("raw", info.BackingFormat);
    }

    [Fact]
    public async Task Flavor_disk_smaller_than_image_is_refused_before_any_disk_is_created()
    {
        var basePath = await CreateImageAsync("qcow2", 2 * GiB); // sparse: costs a few KiB
        var instanceDir = _temp.Combine(Guid.NewGuid().ToString());

        var error = await Assert.ThrowsAsync<FlavorDiskSmallerThanImageException>(
            () => _builder.CreateAsync(Request(instanceDir, "qcow2", basePath, rootGb: 1)));

        Assert.Equal(400, error.Code);
        Assert.StartsWith("FlavorDiskSmallerThanImage: flavor's disk is 1 GiB, image needs 2 GiB", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(instanceDir, "disk")));
        Assert.False(Directory.Exists(instanceDir)); // the builder created it, so the builder removed it
        Assert.DoesNotContain(_runner.Commands, c => QemuImgArguments(c).FirstOrDefault() == "create" && c.Arguments.Contains(Path.Combine(instanceDir, "disk")));
    }

    [Fact]
    public async Task Kernel_and_ramdisk_are_private_copies_in_the_instance_folder()
    {
        var basePath = await CreateImageAsync("qcow2", 16L << 20);
        var kernelBase = _temp.Combine("kernel-base");
        var ramdiskBase = _temp.Combine("ramdisk-base");
        await File.WriteAllBytesAsync(kernelBase, [0x4d, 0x5a, 1, 2, 3]);
        await File.WriteAllBytesAsync(ramdiskBase, [0x1f, 0x8b, 9, 9]);
        var instanceDir = _temp.Combine(Guid.NewGuid().ToString());

        var disks = await _builder.CreateAsync(Request(instanceDir, "ami", basePath, rootGb: 1) with
        {
            KernelBasePath = kernelBase,
            RamdiskBasePath = ramdiskBase,
        });

        Assert.Equal(Path.Combine(instanceDir, "kernel"), disks.Kernel);
        Assert.Equal(Path.Combine(instanceDir, "ramdisk"), disks.Ramdisk);
        Assert.Equal(await File.ReadAllBytesAsync(kernelBase), await File.ReadAllBytesAsync(disks.Kernel!));
        Assert.Equal(await File.ReadAllBytesAsync(ramdiskBase), await File.ReadAllBytesAsync(disks.Ramdisk!));
        // A copy, not a link: libvirt's relabelling of the instance's kernel must not touch the cache's.
        await File.AppendAllTextAsync(disks.Kernel!, "x");
        Assert.Equal(5, new FileInfo(kernelBase).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(disks.Kernel!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(disks.Ramdisk!));
    }

    [Fact]
    public async Task Base_image_with_its_own_backing_file_is_unacceptable()
    {
        var inner = await CreateImageAsync("qcow2", 16L << 20);
        var sneaky = _temp.Combine("sneaky.qcow2");
        await _runner.RunAsync(new CommandSpec("qemu-img", "create", "-f", "qcow2", "-F", "qcow2", "-b", inner, sneaky));
        var instanceDir = _temp.Combine(Guid.NewGuid().ToString());

        var error = await Assert.ThrowsAsync<ImageUnacceptableException>(
            () => _builder.CreateAsync(Request(instanceDir, "qcow2", sneaky, rootGb: 1)));

        Assert.Contains("backing file", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(instanceDir));
    }

    [Fact]
    public async Task Base_image_with_an_external_data_file_is_unacceptable()
    {
        // CVE-2024-32498's other half: the qcow2 header names a host file that becomes the guest's disk.
        var hostFile = _temp.Combine("host-secret.raw");
        await File.WriteAllTextAsync(hostFile, "TOP-SECRET-HOST-DATA");
        var sneaky = _temp.Combine("data-file.qcow2");
        await _runner.RunAsync(new CommandSpec("qemu-img", "create", "-f", "qcow2",
            "-o", $"data_file={hostFile},data_file_raw=on", sneaky, "1M"));
        var instanceDir = _temp.Combine(Guid.NewGuid().ToString());

        var error = await Assert.ThrowsAsync<ImageUnacceptableException>(
            () => _builder.CreateAsync(Request(instanceDir, "qcow2", sneaky, rootGb: 1)));

        Assert.Contains("external data file", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(instanceDir));
    }

    [Fact]
    public async Task Kernel_image_cannot_be_a_root_disk()
    {
        var basePath = await CreateImageAsync("raw", 1L << 20);

        await Assert.ThrowsAsync<ImageUnacceptableException>(
            () => _builder.CreateAsync(Request(_temp.Combine("i"), "aki", basePath, rootGb: 1)));
    }

    [Fact]
    public async Task Existing_instance_folder_is_kept_when_the_build_fails()
    {
        var basePath = await CreateImageAsync("qcow2", 2 * GiB);
        var instanceDir = _temp.Combine("existing");
        Directory.CreateDirectory(instanceDir);
        await File.WriteAllTextAsync(Path.Combine(instanceDir, "console.log"), "");

        await Assert.ThrowsAsync<FlavorDiskSmallerThanImageException>(
            () => _builder.CreateAsync(Request(instanceDir, "qcow2", basePath, rootGb: 1)));

        Assert.Equal([Path.Combine(instanceDir, "console.log")], Directory.EnumerateFileSystemEntries(instanceDir));
    }

    [Fact]
    public async Task Step_by_step_api_for_a_driver_that_owns_the_instance_folder()
    {
        var basePath = await CreateImageAsync("qcow2", 16L << 20);
        var kernelBase = _temp.Combine("vmlinuz");
        await File.WriteAllBytesAsync(kernelBase, [1, 2, 3]);
        var dir = _temp.Combine("owned");
        Directory.CreateDirectory(dir);

        await _builder.CreateRootDiskAsync(basePath, "qcow2", Path.Combine(dir, "disk"), rootGb: 1);
        await _builder.CopyBootFileAsync(kernelBase, Path.Combine(dir, "kernel"));

        Assert.Equal(1 * GiB, (await InfoAsync(Path.Combine(dir, "disk"))).VirtualSize);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(dir, "kernel")));
        var error = await Assert.ThrowsAsync<InvalidRequestException>(
            () => _builder.CreateRootDiskAsync(basePath, "ari", Path.Combine(dir, "disk2"), rootGb: 1));
        Assert.Equal(400, error.Code);
    }

    private static DiskBuildRequest Request(string instanceDir, string diskFormat, string basePath, int rootGb) => new()
    {
        InstanceDir = instanceDir,
        Image = new ImageMeta { Id = Guid.NewGuid(), Name = "base", DiskFormat = diskFormat, Status = ImageStatus.Active },
        ImageBasePath = basePath,
        RootGb = rootGb,
    };

    private async Task<string> CreateImageAsync(string format, long size)
    {
        var path = _temp.Combine($"base-{Guid.NewGuid():N}.{format}");
        await _runner.RunAsync(new CommandSpec("qemu-img", "create", "-f", format, path, size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return path;
    }

    /// <summary>qemu-img's own arguments, after the prlimit wrapper every qemu-img run has.</summary>
    private static IEnumerable<string> QemuImgArguments(CommandSpec command) =>
        command.FileName == UntrustedInputLimits.Prlimit ? command.Arguments.SkipWhile(a => a != QemuImg.FileName).Skip(1) : command.Arguments;

    [Fact]
    public async Task Every_qemu_img_run_is_by_absolute_path_under_novas_address_space_and_cpu_limits()
    {
        var basePath = await CreateImageAsync("qcow2", 64L << 20);
        await _builder.CreateAsync(Request(_temp.Combine(Guid.NewGuid().ToString()), "qcow2", basePath, rootGb: 1));

        // The test's own image creation runs plain "qemu-img"; the builder's runs are the rest.
        var runs = _runner.Commands.Where(c => c.FileName != "qemu-img" && c.CommandLine.Contains("qemu-img", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, runs.Count); // info, then create
        Assert.All(runs, c =>
        {
            Assert.Equal("/usr/bin/prlimit", c.FileName);
            Assert.Equal(["--as=1073741824", "--cpu=30", "--", "/usr/bin/qemu-img"], c.Arguments.Take(4));
        });
    }

    [Fact]
    public async Task A_zero_disk_flavor_cannot_create_an_overlay_larger_than_the_cap()
    {
        var builder = new DiskBuilder(_runner, NullLogger<DiskBuilder>.Instance, zeroDiskFlavorMaxGb: 1);
        var basePath = await CreateImageAsync("qcow2", 2 * GiB); // sparse: the owner picks the virtual size for free
        var instanceDir = _temp.Combine(Guid.NewGuid().ToString());

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => builder.CreateAsync(Request(instanceDir, "qcow2", basePath, rootGb: 0)));

        Assert.Equal(400, error.Code);
        Assert.Contains("root_gb 0", error.Message);
        Assert.Contains("Libvirt:ZeroDiskFlavorMaxGb (1 GiB)", error.Message);
        Assert.False(Directory.Exists(instanceDir));
    }

    private Task<QemuImageInfo> InfoAsync(string path) => new QemuImg(_runner).InfoAsync(path, "qcow2");
}
