using HotGears.Engine.Gears;
using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// Turns what gears_builder.py recorded — the reader, the ('Kind', ...) step tuples and the
/// validated run()/register() options dict — into the engine's StepGraph and options (GIL held).
/// Built-in operations (count, countby, avg, distinct, sort, limit, collect) carry no Python
/// callback: the engine runs them natively.
/// </summary>
internal static unsafe class PythonGraph
{
    public static StepGraph Build(string reader, nint description, nint steps, string defaultArg)
    {
        var graph = new StepGraph(Enum.Parse<ReaderKind>(reader), PythonLanguage.Instance)
        {
            DefaultArg = defaultArg,
            Description = description == CPython.NoneObject ? null : PyConvert.Str(description),
        };
        nint count = CPython.PyList_Size(steps);
        for (nint i = 0; i < count; i++)
            graph.Steps.Add(Step(CPython.PyList_GetItem(steps, i)));
        return graph;
    }

    private static Step Step(nint tuple)
    {
        var kind = Enum.Parse<StepKind>(PyConvert.Str(CPython.PyTuple_GetItem(tuple, 0)));
        nint size = CPython.PyTuple_Size(tuple);
        nint Item(int index) => index < size ? CPython.PyTuple_GetItem(tuple, index) : CPython.NoneObject;
        // Extractors and the steps RedisGears cannot hold a record in refuse gearsFuture().
        PyCallable? Function(int index, FutureKind future = FutureKind.Refused) =>
            Item(index) == CPython.NoneObject ? null : new PyCallable(PyObj.Borrow(Item(index))) { Future = future };
        PyCallable F(int index, FutureKind future = FutureKind.Refused) => Function(index, future)!;
        switch (kind)
        {
            case StepKind.Map or StepKind.FlatMap:
            {
                var f = F(1, kind == StepKind.Map ? FutureKind.Value : FutureKind.Flat);
                return new Step(kind) { Name = f.Name, Map = f.Consume };
            }
            case StepKind.ForEach:
            {
                var f = F(1, FutureKind.ForEach);
                return new Step(kind) { Name = f.Name, ForEach = f.CallAndDrop };
            }
            case StepKind.Filter:
            {
                var f = F(1, FutureKind.Filter);
                return new Step(kind) { Name = f.Name, Filter = f.Test };
            }
            case StepKind.Accumulate:
            {
                var f = F(1, FutureKind.Value);
                return new Step(kind) { Name = f.Name, Accumulate = f.Call };
            }
            case StepKind.LocalGroupBy or StepKind.GroupBy:
            {
                PyCallable extractor = F(1), reducer = F(2, FutureKind.Value);
                return new Step(kind) { Name = reducer.Name, Extractor = extractor.Key, Reducer = (k, a, r) => reducer.Call(k, a, r) };
            }
            case StepKind.BatchGroupBy:
            {
                PyCallable extractor = F(1), reducer = F(2);
                return new Step(kind) { Name = reducer.Name, Extractor = extractor.Key, BatchReducer = (k, records) => reducer.Call(k, records) };
            }
            case StepKind.Repartition:
            {
                var extractor = F(1);
                return new Step(kind) { Name = extractor.Name, Extractor = extractor.Key };
            }
            case StepKind.Limit:
                return new Step(kind) { Length = CPython.PyLong_AsLongLong(Item(1)), Offset = CPython.PyLong_AsLongLong(Item(2)) };
            case StepKind.Aggregate:
            {
                var zero = PyObj.Borrow(Item(1));
                PyCallable seq = F(2, FutureKind.Value), combine = F(3, FutureKind.Value);
                return new Step(kind)
                {
                    Name = seq.Name, Zero = () => DeepCopy(zero), Accumulate = seq.Call, Combine = combine.Call,
                };
            }
            case StepKind.AggregateBy:
            {
                var zero = PyObj.Borrow(Item(2));
                PyCallable extractor = F(1), seq = F(3, FutureKind.Value), combine = F(4, FutureKind.Value);
                return new Step(kind)
                {
                    Name = seq.Name, Extractor = extractor.Key, Zero = () => DeepCopy(zero),
                    Reducer = (k, a, r) => seq.Call(k, a, r), KeyedCombine = (k, a, r) => combine.Call(k, a, r),
                };
            }
            case StepKind.CountBy:
                return new Step(kind) { Extractor = Function(1) is { } keyOf ? keyOf.Key : RecordKey };
            case StepKind.Avg:
                return new Step(kind) { ToNumber = Function(1) is { } numberOf ? r => ToFloat(numberOf.Call(r)) : null };
            case StepKind.Sort:
                return new Step(kind) { Reverse = CPython.PyObject_IsTrue(Item(1)) == 1 };
            default:
                return new Step(kind);
        }
    }

    private static object? DeepCopy(PyObj zero)
    {
        using var gil = Gil.Acquire();
        return PythonRuntime.Current.DeepCopy(zero);
    }

    private static double ToFloat(PyObj value)
    {
        using var gil = Gil.Acquire();
        return PythonRuntime.Current.ToFloat(value.Handle);
    }

    /// <summary>countby's default extractor (lambda x: x), natively: the record, repr()'d unless a str.</summary>
    private static string RecordKey(object? record)
    {
        using var gil = Gil.Acquire();
        nint value = PyConvert.ToPython(record);
        try { return PyConvert.KeyText(value); }
        finally { CPython.Py_DecRef(value); }
    }

    public static RunOptions RunOptions(ReaderKind reader, nint arg, nint options)
    {
        var mode = Mode(options);
        bool convertToStr = Bool(options, "convertToStr", true), collect = Bool(options, "collect", true);
        return reader switch
        {
            ReaderKind.PythonReader => new RunOptions
            {
                ConvertToStr = convertToStr, Collect = collect, Mode = mode,
                Generator = Generator(new PyCallable(PyObj.Borrow(arg))),
            },
            ReaderKind.KeysOnlyReader => new RunOptions
            {
                Arg = PyConvert.Str(arg), ConvertToStr = convertToStr, Collect = collect, Mode = mode,
                NoScan = Bool(options, "noScan", false), Count = Long(options, "count", 1000),
                PatternGenerator = Get(options, "patternGenerator") is var generator && generator != CPython.NoneObject
                    ? PatternGenerator(new PyCallable(PyObj.Borrow(generator)))
                    : null,
            },
            ReaderKind.StreamReader => new RunOptions
            {
                Arg = PyConvert.Str(arg), ConvertToStr = convertToStr, Collect = collect, Mode = mode,
                FromId = String(options, "fromId") ?? "0-0",
            },
            ReaderKind.ShardsIDReader => new RunOptions { ConvertToStr = convertToStr, Collect = collect, Mode = mode },
            _ => new RunOptions
            {
                Arg = PyConvert.Str(arg), ConvertToStr = convertToStr, Collect = collect, Mode = mode,
                NoScan = Bool(options, "noScan", false), ReadValue = Bool(options, "readValue", true),
            },
        };
    }

    public static RegisterOptions RegisterOptions(nint options)
    {
        nint onRegistered = Get(options, "onRegistered");
        var callback = onRegistered == CPython.NoneObject ? null : new PyCallable(PyObj.Borrow(onRegistered));
        return new RegisterOptions
        {
            Prefix = String(options, "prefix") ?? "*",
            ConvertToStr = Bool(options, "convertToStr", true),
            Collect = Bool(options, "collect", true),
            Mode = Mode(options),
            OnRegistered = callback == null ? null : () => callback.Call(),
            EventTypes = Strings(options, "eventTypes"),
            KeyTypes = Strings(options, "keyTypes"),
            ReadValue = Bool(options, "readValue", true),
            Commands = Strings(options, "commands"),
            Batch = Long(options, "batch", 1),
            DurationMs = Long(options, "duration", 0),
            OnFailedPolicy = String(options, "onFailedPolicy") switch
            {
                "abort" => OnFailedPolicy.Abort,
                "retry" => OnFailedPolicy.Retry,
                _ => OnFailedPolicy.Continue,
            },
            OnFailedRetryIntervalSec = Long(options, "onFailedRetryInterval", 1),
            TrimStream = Bool(options, "trimStream", true),
            Trigger = String(options, "trigger"),
            Hook = String(options, "hook"),
            KeyPrefix = String(options, "keyprefix"),
            InOrder = Bool(options, "inorder", false),
        };
    }

    /// <summary>A PythonReader: the generator function is called when the run starts; each item it yields is a record.</summary>
    private static Func<IEnumerable<object?>> Generator(PyCallable function) => () => Iterate(function.Call());

    private static IEnumerable<object?> Iterate(PyObj iterable)
    {
        var iterator = GetIterator(iterable);
        while (NextItem(iterator) is { } item) yield return item;
    }

    private static PyObj GetIterator(PyObj iterable)
    {
        using var gil = Gil.Acquire();
        return PyObj.Steal(PyConvert.Check(CPython.PyObject_GetIter(iterable.Handle)));
    }

    /// <summary>The iterator's next item; null when exhausted.</summary>
    private static PyObj? NextItem(PyObj iterator)
    {
        using var gil = Gil.Acquire();
        nint item = CPython.PyIter_Next(iterator.Handle);
        if (item != 0) return PyObj.Steal(item);
        return CPython.PyErr_Occurred() != 0 ? throw PythonException.Fetch() : null;
    }

    private static Func<(string, bool)> PatternGenerator(PyCallable function) => () =>
    {
        var result = function.Call();
        using var gil = Gil.Acquire();
        if (!CPython.IsTuple(result.Handle) || CPython.PyTuple_Size(result.Handle) != 2)
            throw new InvalidOperationException("patternGenerator must return a (pattern, noScan) tuple");
        return (PyConvert.Str(CPython.PyTuple_GetItem(result.Handle, 0)), CPython.PyObject_IsTrue(CPython.PyTuple_GetItem(result.Handle, 1)) == 1);
    };

    private static ExecutionMode Mode(nint options) => String(options, "mode") switch
    {
        "async_local" => ExecutionMode.AsyncLocal,
        "sync" => ExecutionMode.Sync,
        _ => ExecutionMode.Async,
    };

    private static nint Get(nint options, string name)
    {
        nint value = CPython.PyDict_GetItemString(options, PythonRuntime.Utf8(name));
        return value == 0 ? CPython.NoneObject : value;
    }

    private static bool Bool(nint options, string name, bool fallback)
    {
        nint value = Get(options, name);
        return value == CPython.NoneObject ? fallback : CPython.PyObject_IsTrue(value) == 1;
    }

    private static long Long(nint options, string name, long fallback)
    {
        nint value = Get(options, name);
        if (value == CPython.NoneObject || !CPython.IsInt(value)) return fallback;
        long n = CPython.PyLong_AsLongLong(value);
        if (n == -1 && CPython.PyErr_Occurred() != 0) throw PythonException.Fetch();
        return n;
    }

    private static string? String(nint options, string name)
    {
        nint value = Get(options, name);
        return value == CPython.NoneObject ? null : PyConvert.Str(value);
    }

    private static List<string>? Strings(nint options, string name)
    {
        nint value = Get(options, name);
        if (value == CPython.NoneObject) return null;
        var list = new List<string>();
        nint count = CPython.PyList_Size(value);
        for (nint i = 0; i < count; i++) list.Add(PyConvert.Str(CPython.PyList_GetItem(value, i)));
        return list;
    }
}
