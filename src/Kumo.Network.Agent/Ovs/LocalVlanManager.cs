namespace Kumo.Network.Agent.Ovs;

/// <summary>
/// Neutron's LocalVlanManager: each network with a port on this host gets its own VLAN tag on br-int
/// (1..4094; 4095 is the dead VLAN), so ports of two networks never share a broadcast domain. A tag is
/// freed when its network's last port leaves. Per host and in memory: after a restart the ports' current
/// tags are offered as hints so a live guest keeps its tag.
/// </summary>
public sealed class LocalVlanManager
{
    public const int MinVlan = 1;
    public const int MaxVlan = 4094;

    private readonly Dictionary<Guid, int> _vlanOfNetwork = [];
    private readonly Dictionary<int, Guid> _networkOfVlan = [];
    private readonly Dictionary<Guid, Guid> _networkOfPort = [];
    private readonly Lock _lock = new();

    public int? VlanOf(Guid networkId)
    {
        lock (_lock)
        {
            return _vlanOfNetwork.TryGetValue(networkId, out var vlan) ? vlan : null;
        }
    }

    public IReadOnlyDictionary<Guid, int> Networks
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<Guid, int>(_vlanOfNetwork);
            }
        }
    }

    /// <summary>The network's tag (allocated if it has none: the hint when free, else the lowest free one).</summary>
    public int Bind(Guid networkId, Guid portId, int? hint = null)
    {
        lock (_lock)
        {
            return BindLocked(networkId, portId, hint);
        }
    }

    private int BindLocked(Guid networkId, Guid portId, int? hint)
    {
        UnbindLocked(portId, networkId);
        _networkOfPort[portId] = networkId;
        if (_vlanOfNetwork.TryGetValue(networkId, out var vlan))
        {
            return vlan;
        }
        vlan = hint is >= MinVlan and <= MaxVlan && !_networkOfVlan.ContainsKey(hint.Value) ? hint.Value : LowestFree();
        _vlanOfNetwork[networkId] = vlan;
        _networkOfVlan[vlan] = networkId;
        return vlan;
    }

    /// <summary>Forgets the port; frees its network's tag when it was the last port. Returns the freed network, if any.</summary>
    public Guid? Unbind(Guid portId)
    {
        lock (_lock)
        {
            return UnbindLocked(portId, keepNetwork: null);
        }
    }

    private Guid? UnbindLocked(Guid portId, Guid? keepNetwork)
    {
        if (!_networkOfPort.Remove(portId, out var networkId) || networkId == keepNetwork || _networkOfPort.ContainsValue(networkId))
        {
            return null;
        }
        if (_vlanOfNetwork.Remove(networkId, out var vlan))
        {
            _networkOfVlan.Remove(vlan);
        }
        return networkId;
    }

    private int LowestFree()
    {
        for (var vlan = MinVlan; vlan <= MaxVlan; vlan++)
        {
            if (!_networkOfVlan.ContainsKey(vlan))
            {
                return vlan;
            }
        }
        throw new InvalidOperationException("Every local VLAN (1-4094) of this host is in use.");
    }
}
