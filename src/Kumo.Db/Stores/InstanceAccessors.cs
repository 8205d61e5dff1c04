using System.Runtime.CompilerServices;
using Kumo.Objects.Instances;

namespace Kumo.Db.Stores;

/// <summary>
/// Instance.CreatedAt is init-only so that callers cannot change it, yet the store assigns it on
/// create (IInstanceStore's contract, as Nova's Instance.create refreshes the object from the new
/// row). The store is its one writer after construction.
/// </summary>
internal static class InstanceAccessors
{
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CreatedAt")]
    public static extern void SetCreatedAt(Instance instance, DateTimeOffset createdAt);
}
