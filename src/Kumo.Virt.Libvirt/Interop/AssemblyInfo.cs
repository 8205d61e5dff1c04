using System.Runtime.CompilerServices;

// The leak test checks the references libvirt still held when a connection closed; that figure lives
// on the internal SafeConnectHandle and is not worth a public API.
[assembly: InternalsVisibleTo("Kumo.Virt.Libvirt.Tests")]
