using Kumo.Objects.Faults;
using Kumo.Objects.Instances;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary>How the CLI shows servers: the columns and field names of `openstack server list/show`.</summary>
internal static class ServerView
{
    public static Table List(IEnumerable<Instance> instances)
    {
        var table = new Table().AddColumns("ID", "Name", "Status", "Task State", "Power State", "Host", "Flavor", "Image");
        foreach (var i in instances.OrderBy(i => i.CreatedAt))
        {
            table.AddRow(i.Uuid.ToString(), Markup.Escape(i.DisplayName), Status(i), i.TaskState.ToNovaName() ?? "", i.PowerState.ToNovaName(),
                i.Host ?? "", Markup.Escape(i.Flavor.Name), i.ImageRef.ToString());
        }
        return table;
    }

    public static Table Show(Instance i, InstanceFault? fault)
    {
        var table = new Table().AddColumns("Field", "Value");
        void Row(string field, string? value) => table.AddRow(field, Markup.Escape(value ?? ""));
        Row("id", i.Uuid.ToString());
        Row("name", i.DisplayName);
        table.AddRow("status", Status(i));
        Row("OS-EXT-STS:vm_state", i.VmState.ToNovaName());
        Row("OS-EXT-STS:task_state", i.TaskState.ToNovaName());
        Row("OS-EXT-STS:power_state", i.PowerState.ToNovaName());
        Row("OS-EXT-SRV-ATTR:host", i.Host);
        Row("OS-EXT-SRV-ATTR:hypervisor_hostname", i.Node);
        Row("flavor", $"{i.Flavor.Name} ({i.Flavor.Vcpus} vcpu, {i.Flavor.MemoryMb} MB, {i.Flavor.RootGb} GB)");
        Row("image", i.ImageRef.ToString());
        Row("created", i.CreatedAt.ToString("u"));
        Row("OS-SRV-USG:launched_at", i.LaunchedAt?.ToString("u"));
        if (fault is not null)
        {
            Row("fault", $"{fault.Code}: {fault.Message}");
        }
        return table;
    }

    private static string Status(Instance i)
    {
        var status = ServerStatus.From(i.VmState, i.TaskState);
        var colour = status switch { "ACTIVE" => "green", "ERROR" => "red", _ => "yellow" };
        return $"[{colour}]{status}[/]";
    }
}
