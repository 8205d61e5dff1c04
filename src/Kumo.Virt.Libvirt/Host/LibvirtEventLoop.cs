using Kumo.Virt.Libvirt.Interop;

namespace Kumo.Virt.Libvirt.Host;

/// <summary>
/// libvirt's default event loop, once per process. Call <see cref="EnsureStarted"/> before opening any
/// connection that should receive events: libvirt binds a connection to the event implementation
/// registered when it is opened (registered later, events arrive only while another call is in flight).
/// Once registered the loop must keep running — a remote connection's keepalive is answered from it,
/// and without it the daemon drops idle connections after ~45 s — so it is never stopped: it runs on
/// a background thread for the rest of the process.
/// </summary>
public static class LibvirtEventLoop
{
    private static readonly Lock s_lock = new();
    private static Thread? s_thread;

    public static bool IsStarted => Volatile.Read(ref s_thread) is not null;

    /// <summary>Registers libvirt's default event implementation and starts its loop; later calls do nothing.</summary>
    public static void EnsureStarted()
    {
        lock (s_lock)
        {
            if (s_thread is not null)
            {
                return;
            }

            LibvirtError.Check(LibvirtNative.virEventRegisterDefaultImpl());
            var thread = new Thread(Run) { IsBackground = true, Name = "libvirt event loop" };
            thread.Start();
            Volatile.Write(ref s_thread, thread);
        }
    }

    /// <summary>
    /// Completes once the loop has run an iteration after this call: a health check that it is alive
    /// and not stuck in a slow event handler.
    /// </summary>
    public static Task PingAsync()
    {
        if (!IsStarted)
        {
            throw new InvalidOperationException("The libvirt event loop has not been started.");
        }

        // Continuations must not run on the loop thread.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventLoopTimer.RunOnce(() => done.TrySetResult());
        return done.Task;
    }

    private static void Run()
    {
        while (true)
        {
            if (LibvirtNative.virEventRunDefaultImpl() < 0)
            {
                // Only a broken poll() gets here; read the error (it is per thread) and back off
                // rather than spin.
                _ = LibvirtError.Last();
                Thread.Sleep(100);
            }
        }
    }
}
