using System.ComponentModel;
using System.Diagnostics;

namespace Kumo.Virt.Libvirt.Tests.Designer;

/// <summary>Runs libvirt's own `virt-xml-validate FILE domain` (libvirt-clients) against its RelaxNG
/// schemas. A missing tool fails the test: the host setup installs it, and a skipped check proves nothing.</summary>
internal static class VirtXmlValidate
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public static (int ExitCode, string Output) Run(string xml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"kumo-domain-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, xml);
        try
        {
            var start = new ProcessStartInfo("virt-xml-validate") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(file);
            start.ArgumentList.Add("domain");
            using var process = StartOrExplain(start);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(s_timeout))
            {
                process.Kill();
                throw new TimeoutException($"virt-xml-validate did not finish within {s_timeout}");
            }

            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("virt-xml-validate is not installed (apt-get install libvirt-clients)", e);
        }
    }
}
