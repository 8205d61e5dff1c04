global using Xunit;

// Every test here changes the host's bridges, OVS and iptables: one at a time keeps them readable and
// keeps two tests' firewall applies from measuring each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
