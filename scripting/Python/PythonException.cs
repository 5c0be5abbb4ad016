using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// A Python exception caught at the edge of the binding. Its message is already the error text of
/// spec §2.8 (traceback list, "Error type: ..." or a flat_error's message); the exception objects
/// are kept so that a host function can raise the very same exception back into Python.
/// </summary>
public sealed class PythonException : Exception
{
    internal PythonException(string message, PyObj? type, PyObj? value, PyObj? traceback) : base(message)
    {
        Type = type;
        Value = value;
        Traceback = traceback;
    }

    internal PyObj? Type { get; }
    internal PyObj? Value { get; }
    internal PyObj? Traceback { get; }

    /// <summary>
    /// Takes the current Python error (GIL held, error set) and clears it. The gears.ExecutionAborted
    /// that RG.ABORTEXECUTION injected comes back as an OperationCanceledException.
    /// </summary>
    internal static unsafe Exception Fetch()
    {
        nint type, value, traceback;
        CPython.PyErr_Fetch(&type, &value, &traceback);
        if (type == 0) return new PythonException("unknown Python error", null, null, null);
        CPython.PyErr_NormalizeException(&type, &value, &traceback);
        if (traceback != 0 && value != 0) CPython.PyException_SetTraceback(value, traceback);
        if (CPython.PyErr_GivenExceptionMatches(type, PythonRuntime.Current.ExecutionAborted.Handle) == 1)
        {
            CPython.Py_DecRef(type);
            CPython.Py_DecRef(value);
            CPython.Py_DecRef(traceback);
            return new OperationCanceledException("Execution was aborted");
        }
        var typeObj = PyObj.Steal(type);
        var valueObj = value == 0 ? null : PyObj.Steal(value);
        var tracebackObj = traceback == 0 ? null : PyObj.Steal(traceback);
        return new PythonException(PythonRuntime.Current.FormatException(typeObj, valueObj, tracebackObj), typeObj, valueObj, tracebackObj);
    }

    /// <summary>Sets this exception as the current Python error (GIL held).</summary>
    internal unsafe void Restore()
    {
        CPython.PyErr_Restore(Type?.NewReference() ?? 0, Value?.NewReference() ?? 0, Traceback?.NewReference() ?? 0);
    }
}
