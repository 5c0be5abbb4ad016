using HotGears.Engine.Gears;
using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>How a step continues with the value a gearsFuture() is continued with (RedisGears' ContinueType).</summary>
internal enum FutureKind
{
    /// <summary>Not a step callback (a reader generator, onRegistered): gearsFuture() is refused.</summary>
    None,
    /// <summary>A step that cannot wait for a future (extractors, batchgroupby, repartition).</summary>
    Refused,
    /// <summary>map, accumulate, reducers: the value is the step's result.</summary>
    Value,
    /// <summary>filter: the value's truth.</summary>
    Filter,
    /// <summary>flatmap: a list is flattened, anything else is one record.</summary>
    Flat,
    /// <summary>foreach: the record goes on unchanged.</summary>
    ForEach,
}

/// <summary>
/// gearsFuture() (spec §2.7): a step callback may create one future and return it; the step then
/// waits until some thread calls continueRun(value) or continueFailed(error) on it, and goes on
/// with that value. RedisGears parks the record and frees the thread; here the execution's thread
/// waits (with the GIL and the keyspace lock released), which keeps records in order. The state of
/// the step call running on this thread lives in two thread statics, saved around each call, so
/// that a step of a nested execution (execute() triggering a sync gear) has its own.
/// </summary>
internal static unsafe class FutureSteps
{
    [ThreadStatic] private static FutureKind t_kind;
    [ThreadStatic] private static nint t_created; // a new reference to the future made in this call, or 0

    public readonly record struct Scope(FutureKind PreviousKind, nint PreviousCreated);

    /// <summary>Before a step callback is called (GIL held).</summary>
    public static Scope Enter(FutureKind kind)
    {
        var scope = new Scope(t_kind, t_created);
        t_kind = kind;
        t_created = 0;
        return scope;
    }

    /// <summary>
    /// After the call: <paramref name="result"/> (a new reference, or 0 with a Python error set) is
    /// returned as is unless it is the future the call created, which is then waited for and replaced
    /// by the value it continues with. A future created and not returned is discarded.
    /// </summary>
    public static nint Leave(Scope scope, nint result)
    {
        nint created = t_created;
        FutureKind kind = t_kind;
        t_kind = scope.PreviousKind;
        t_created = scope.PreviousCreated;
        if (created == 0) return result;
        var runtime = PythonRuntime.Current;
        if (result != created)
        {
            runtime.CallBuilderKeepingError("_discard_future", created);
            CPython.Py_DecRef(created);
            return result;
        }
        // Only the record of the future is waited for: when the callback kept no reference to the
        // future, dropping ours frees it and fails the record ("Async record did not called continue").
        nint record = runtime.CallBuilder("_returned_future", created);
        CPython.Py_DecRef(result);
        CPython.Py_DecRef(created);
        if (record == 0) return 0;
        nint kindName = PyConvert.NewString(kind.ToString());
        nint value = runtime.CallBuilder("_await_future", record, kindName);
        CPython.Py_DecRef(kindName);
        CPython.Py_DecRef(record);
        return value;
    }

    /// <summary>redisgears._new_future(type): the checks of RedisGears' gearsFuture(), then a new future remembered for this call.</summary>
    public static nint Create(nint futureType)
    {
        if (t_kind == FutureKind.None) throw new GearsErrorException("Future object can only be created inside certain execution steps");
        if (t_created != 0) throw new GearsErrorException("Can not create async record twice on the same step");
        if (!GearsBuiltins.IsAsyncAllow()) throw new GearsErrorException("Creating async record is not allowed");
        if (t_kind == FutureKind.Refused) throw new GearsErrorException("Step does not support async");
        nint future = PyConvert.Check(CPython.PyObject_CallNoArgs(futureType));
        CPython.Py_IncRef(future);
        t_created = future;
        return future;
    }
}
