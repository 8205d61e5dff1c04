using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;

namespace Kumo.Db.Tests.Support;

/// <summary>Field-by-field comparison (records compare dictionaries by reference, Instance not at all).</summary>
public static class InstanceAssert
{
    public static void Equal(Instance expected, Instance actual)
    {
        Assert.Equal(expected.Uuid, actual.Uuid);
        Assert.Equal(expected.DisplayName, actual.DisplayName);
        Assert.Equal(expected.Hostname, actual.Hostname);
        Assert.Equal(expected.ProjectId, actual.ProjectId);
        Assert.Equal(expected.UserId, actual.UserId);
        FlavorEqual(expected.Flavor, actual.Flavor);
        Assert.Equal(expected.ImageRef, actual.ImageRef);
        Assert.Equal(expected.VmState, actual.VmState);
        Assert.Equal(expected.TaskState, actual.TaskState);
        Assert.Equal(expected.PowerState, actual.PowerState);
        Assert.Equal(expected.Host, actual.Host);
        Assert.Equal(expected.Node, actual.Node);
        Assert.Equal(expected.LaunchedAt, actual.LaunchedAt);
        Assert.Equal(expected.TerminatedAt, actual.TerminatedAt);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
        Assert.Equal(expected.DeletedAt, actual.DeletedAt);
        Assert.Equal(expected.Deleted, actual.Deleted);
        Assert.Equal(expected.ReservationId, actual.ReservationId);
        Assert.Equal(expected.LaunchIndex, actual.LaunchIndex);
        Assert.Equal(expected.KeyName, actual.KeyName);
        Assert.Equal(expected.KeyData, actual.KeyData);
        Assert.Equal(expected.ConfigDrive, actual.ConfigDrive);
        Assert.Equal(expected.InjectedFilePaths, actual.InjectedFilePaths);
        Assert.Equal(expected.Metadata.OrderBy(p => p.Key), actual.Metadata.OrderBy(p => p.Key));
    }

    public static void FlavorEqual(Flavor expected, Flavor actual)
    {
        Assert.Equal(expected with { ExtraSpecs = actual.ExtraSpecs }, actual);
        Assert.Equal(expected.ExtraSpecs.OrderBy(p => p.Key), actual.ExtraSpecs.OrderBy(p => p.Key));
    }
}
