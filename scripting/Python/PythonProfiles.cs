using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// The cProfile profilers of RG.PYPROFILE, one per session, kept by gears_builder.py: enabled
/// around each batch of a session's callbacks while ProfileExecutions is 1.
/// </summary>
internal static unsafe class PythonProfiles
{
    /// <summary>Enables the session's profiler on this thread (GIL held); returns its disable method for <see cref="Disable"/>, or 0.</summary>
    public static nint Enable(string sessionId)
    {
        nint disable = CallWithText("_profile_enable", sessionId);
        if (disable == 0) CPython.PyErr_Clear();
        return disable;
    }

    /// <summary>Calls and releases what <see cref="Enable"/> returned (GIL held).</summary>
    public static void Disable(nint disable)
    {
        nint result = CPython.PyObject_CallNoArgs(disable);
        if (result == 0) CPython.PyErr_Clear();
        else CPython.Py_DecRef(result);
        CPython.Py_DecRef(disable);
    }

    /// <summary>RG.PYPROFILE STATS: pstats' text; a Python error (no data yet) throws with its message.</summary>
    public static string Stats(string sessionId)
    {
        using var gil = Gil.Acquire();
        nint text = PyConvert.Check(CallWithText("_profile_stats", sessionId));
        try { return PyConvert.Str(text); }
        finally { CPython.Py_DecRef(text); }
    }

    /// <summary>RG.PYPROFILE RESET: a fresh profiler for the session.</summary>
    public static void Reset(string sessionId)
    {
        using var gil = Gil.Acquire();
        CPython.Py_DecRef(PyConvert.Check(CallWithText("_profile_reset", sessionId)));
    }

    private static nint CallWithText(string function, string text)
    {
        nint argument = PyConvert.NewString(text);
        try { return PythonRuntime.Current.CallBuilder(function, argument); }
        finally { CPython.Py_DecRef(argument); }
    }
}
