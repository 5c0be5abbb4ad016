using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// RG.PYPROFILE's data: while ProfileExecutions is 1 (read once per batch of records), each
/// callback runs with its session's cProfile profiler enabled; the session is the function's
/// __globals__. Costs one flag test per call when off.
/// </summary>
internal static unsafe class PythonProfiler
{
    [ThreadStatic] private static bool _enabled;

    /// <summary>Sets whether callbacks on this thread are profiled; returns the previous setting.</summary>
    public static bool SetEnabled(bool enabled)
    {
        bool previous = _enabled;
        _enabled = enabled;
        return previous;
    }

    /// <summary>Enables the function's session profiler until disposed (GIL held).</summary>
    public static Scope Enter(nint function) => _enabled ? Start(function) : default;

    private static Scope Start(nint function)
    {
        nint globals = CPython.PyObject_GetAttrString(function, PythonRuntime.Utf8("__globals__"));
        if (globals == 0)
        {
            CPython.PyErr_Clear();
            return default;
        }
        nint profiler = PythonRuntime.Current.CallHelper("_profiler", globals);
        CPython.Py_DecRef(globals);
        if (profiler == 0 || !CallMethod(profiler, "enable"))
        {
            CPython.PyErr_Clear();
            CPython.Py_DecRef(profiler);
            return default;
        }
        return new Scope(profiler);
    }

    private static bool CallMethod(nint target, string name)
    {
        nint method = CPython.PyObject_GetAttrString(target, PythonRuntime.Utf8(name));
        if (method == 0) return false;
        nint result = CPython.PyObject_CallNoArgs(method);
        CPython.Py_DecRef(method);
        CPython.Py_DecRef(result);
        return result != 0;
    }

    public readonly struct Scope(nint profiler) : IDisposable
    {
        public void Dispose()
        {
            if (profiler == 0) return;
            // Keep a pending exception of the callback across disable().
            nint type, value, traceback;
            CPython.PyErr_Fetch(&type, &value, &traceback);
            if (!CallMethod(profiler, "disable")) CPython.PyErr_Clear();
            CPython.PyErr_Restore(type, value, traceback);
            CPython.Py_DecRef(profiler);
        }
    }
}
