namespace Kumo.Objects.Instances;

/// <summary>Nova's wire names for the state enums ("building", "block_device_mapping", ...).</summary>
public static class StateNames
{
    public static string ToNovaName(this VmState state) => Snake(state.ToString());

    public static string? ToNovaName(this TaskState? state) => state is null ? null : Snake(state.Value.ToString());

    public static string ToNovaName(this TaskState state) => Snake(state.ToString());

    public static string ToNovaName(this PowerState state) => Snake(state.ToString());

    public static VmState ParseVmState(string name) => Enum.Parse<VmState>(name.Replace("_", ""), ignoreCase: true);

    public static TaskState? ParseTaskState(string? name) =>
        name is null ? null : Enum.Parse<TaskState>(name.Replace("_", ""), ignoreCase: true);

    private static string Snake(string pascal)
    {
        var chars = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                chars.Append('_');
            }
            chars.Append(char.ToLowerInvariant(c));
        }
        return chars.ToString();
    }
}
