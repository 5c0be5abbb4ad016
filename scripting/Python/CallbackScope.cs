using HotGears.Engine.Gears;
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
    private readonly nint _profiler; // the session's cProfile profiler while ProfileExecutions is 1

    public CallbackScope(CancellationToken cancellation)
    {
        Gil.Acquire();
        _thread = CPython.PyThread_get_thread_ident();
        if (cancellation.CanBeCanceled) _registration = cancellation.Register(Abort);
        if (GearsBuiltins.CurrentExecution is { Session.Language: "python" } execution && PythonConfig.ProfileExecutions)
            _profiler = PythonProfiles.Enable(execution.Session.Id);
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
        // An abort injected after the last callback returned is still pending on this thread: raise
        // it into a no-op now, not into the next batch. (PyThreadState_SetAsyncExc(thread, NULL)
        // would leave the interpreter-wide "async exception pending" flag set for every thread.)
        if (_injected) PythonRuntime.Current.DeliverPendingAbort();
        _registration.Unregister();
        if (_profiler != 0) PythonProfiles.Disable(_profiler);
        Gil.Release();
    }
}
