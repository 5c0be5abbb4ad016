using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// The GIL, re-entrant per thread. Every thread that calls Python keeps one persistent thread
/// state (a fresh one per acquisition costs ~9 µs); acquiring while already holding is a counter
/// increment, so the engine may call into the language with or without EnterCallbacks around it.
/// </summary>
internal static unsafe class Gil
{
    [ThreadStatic] private static nint _threadState;
    [ThreadStatic] private static int _depth;

    /// <summary>The interpreter (set once Python is initialised).</summary>
    public static nint Interpreter;

    public static bool IsHeld => _depth > 0;

    public static Scope Acquire()
    {
        if (_depth++ == 0)
        {
            if (_threadState == 0) _threadState = CPython.PyThreadState_New(Interpreter);
            CPython.PyEval_RestoreThread(_threadState);
            PyObj.ReleasePending();
        }
        return default;
    }

    public static void Release()
    {
        if (--_depth == 0) CPython.PyEval_SaveThread();
    }

    /// <summary>
    /// Entered by host functions, which Python calls with the GIL held: also on threads Python
    /// created itself, which never went through <see cref="Acquire"/>. Disposing never releases.
    /// </summary>
    public static FromPythonScope FromPython()
    {
        if (_depth == 0 && _threadState == 0) _threadState = CPython.PyThreadState_Get();
        _depth++;
        return default;
    }

    public readonly struct FromPythonScope : IDisposable
    {
        public void Dispose() => _depth--;
    }

    /// <summary>
    /// Releases the GIL for blocking host work (waiting for the keyspace lock, running a command
    /// that may trigger Python on this same thread) and takes it back when disposed.
    /// </summary>
    public static Released Unlock()
    {
        int depth = _depth;
        if (depth == 0) return new Released(0);
        if (_threadState == 0) _threadState = CPython.PyThreadState_Get();
        _depth = 0;
        CPython.PyEval_SaveThread();
        return new Released(depth);
    }

    public readonly struct Scope : IDisposable
    {
        public void Dispose() => Release();
    }

    public readonly struct Released(int depth) : IDisposable
    {
        public void Dispose()
        {
            if (depth == 0) return;
            CPython.PyEval_RestoreThread(_threadState);
            _depth = depth;
        }
    }
}
