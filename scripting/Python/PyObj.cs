using System.Collections.Concurrent;
using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// A strong reference to a Python object, as the engine carries Python values around. The
/// reference is dropped when the handle is collected: the finalizer cannot take the GIL, so it
/// queues the pointer and the next thread to take the GIL releases it.
/// </summary>
public sealed class PyObj
{
    private static readonly ConcurrentQueue<nint> Pending = new();

    internal nint Handle { get; private set; }

    private PyObj(nint handle) => Handle = handle;

    ~PyObj()
    {
        if (Handle != 0) Pending.Enqueue(Handle);
    }

    /// <summary>Takes over a new reference (non-null).</summary>
    internal static PyObj Steal(nint handle) => new(handle);

    /// <summary>Takes a new reference to a borrowed object (GIL held).</summary>
    internal static unsafe PyObj Borrow(nint handle)
    {
        CPython.Py_IncRef(handle);
        return new PyObj(handle);
    }

    /// <summary>A new reference to the object, for functions that steal one (GIL held).</summary>
    internal unsafe nint NewReference()
    {
        CPython.Py_IncRef(Handle);
        return Handle;
    }

    /// <summary>Drops the references of collected handles (GIL held).</summary>
    internal static unsafe void ReleasePending()
    {
        while (Pending.TryDequeue(out nint handle)) CPython.Py_DecRef(handle);
    }

    public override string ToString() => PythonLanguage.Instance.ToStr(this);
}
