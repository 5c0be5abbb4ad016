using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// Holds the GIL while the engine pushes a batch of records through Python callbacks (or while a
/// script's top level runs), and turns cancellation (RG.ABORTEXECUTION, a timeout) into a
/// gears.ExecutionAborted exception raised inside the running Python code, so that even an
/// infinite loop ends.
/// </summary>
internal sealed unsafe class CallbackScope : IDisposable
{
    private readonly nuint _thread;
    private readonly CancellationTokenRegistration _registration;
    private bool _active = true, _injected;

    public CallbackScope(CancellationToken cancellation)
    {
        Gil.Acquire();
        _thread = CPython.PyThread_get_thread_ident();
        if (cancellation.CanBeCanceled) _registration = cancellation.Register(Abort);
    }

    private void Abort()
    {
        using var gil = Gil.Acquire();
        if (!_active) return;
        _injected = true;
        CPython.PyThreadState_SetAsyncExc(_thread, PythonRuntime.Current.ExecutionAborted.Handle);
    }

    public void Dispose()
    {
        // Still holding the GIL: an Abort running now waits for it and then sees _active false.
        _active = false;
        if (_injected) CPython.PyThreadState_SetAsyncExc(_thread, 0);
        _registration.Unregister();
        Gil.Release();
    }
}
