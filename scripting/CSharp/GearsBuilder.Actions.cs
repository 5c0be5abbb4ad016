using System.Collections;
using HotGears.Engine.Gears;

namespace HotGears.Scripting.CSharp;

/// <summary>run() and register() (spec §2.3, §2.4) with the options as camelCase named parameters.</summary>
public sealed partial class GearsBuilder<TRecord>
{
    /// <summary>
    /// Runs the gear once and returns the execution id. arg: the KeysReader/KeysOnlyReader glob or
    /// the StreamReader key (default: GB's defaultArg). Reader options: noScan, readValue (KeysReader),
    /// fromId (StreamReader), count, patternGenerator (KeysOnlyReader).
    /// </summary>
    public string Run(string? arg = null, bool convertToStr = true, bool collect = true, string mode = "async",
        bool noScan = false, bool readValue = true, string fromId = "0-0", long count = 1000,
        Func<(string Pattern, bool NoScan)>? patternGenerator = null)
    {
        if (Graph.Reader == ReaderKind.PythonReader)
            throw new GearsScriptException("pyreader argument must be a function");
        return _actions.Run(Graph, new RunOptions
        {
            Arg = arg,
            ConvertToStr = convertToStr,
            Collect = collect,
            Mode = RunMode(mode),
            NoScan = noScan,
            ReadValue = readValue,
            FromId = fromId,
            Count = count,
            PatternGenerator = patternGenerator,
        });
    }

    /// <summary>GB(Sequence).Run(items): every item is a record.</summary>
    public string Run(IEnumerable items, bool convertToStr = true, bool collect = true, string mode = "async") =>
        Run(() => items, convertToStr, collect, mode);

    /// <summary>GB(Sequence).Run(() => items): the generator is called when the execution starts.</summary>
    public string Run(Func<IEnumerable> generator, bool convertToStr = true, bool collect = true, string mode = "async")
    {
        if (Graph.Reader != ReaderKind.PythonReader)
            throw new GearsScriptException("only the Sequence reader runs over a given sequence");
        return _actions.Run(Graph, new RunOptions
        {
            ConvertToStr = convertToStr,
            Collect = collect,
            Mode = RunMode(mode),
            Generator = () => generator().Cast<object?>(),
        });
    }

    /// <summary>Registers the gear on events and returns the registration id at once.</summary>
    public string Register(string prefix = "*", bool convertToStr = true, bool collect = true, string mode = "async",
        Action? onRegistered = null,
        IEnumerable<string>? eventTypes = null, IEnumerable<string>? keyTypes = null, bool readValue = true,
        IEnumerable<string>? commands = null,
        long batch = 1, long duration = 0, string onFailedPolicy = "continue", long onFailedRetryInterval = 1,
        bool trimStream = true,
        string? trigger = null, string? hook = null, string? keyprefix = null, bool inorder = false) =>
        _actions.Register(Graph, new RegisterOptions
        {
            Prefix = prefix,
            ConvertToStr = convertToStr,
            Collect = collect,
            Mode = mode switch
            {
                "sync" => ExecutionMode.Sync,
                _ => RunMode(mode),
            },
            OnRegistered = onRegistered,
            EventTypes = eventTypes?.ToList(),
            KeyTypes = keyTypes?.ToList(),
            ReadValue = readValue,
            Commands = commands?.ToList(),
            Batch = batch,
            DurationMs = duration,
            OnFailedPolicy = onFailedPolicy.ToLowerInvariant() switch
            {
                "continue" => OnFailedPolicy.Continue,
                "abort" => OnFailedPolicy.Abort,
                "retry" => OnFailedPolicy.Retry,
                _ => throw new GearsScriptException("onFailedPolicy must be Continue/Abort/Retry"),
            },
            OnFailedRetryIntervalSec = onFailedRetryInterval,
            TrimStream = trimStream,
            Trigger = trigger,
            Hook = hook,
            KeyPrefix = keyprefix,
            InOrder = inorder,
        });

    private static ExecutionMode RunMode(string mode) => mode switch
    {
        "async" => ExecutionMode.Async,
        "async_local" => ExecutionMode.AsyncLocal,
        _ => throw new GearsScriptException("unknown execution mode"),
    };
}
