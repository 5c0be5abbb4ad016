namespace HotGears.Engine.Gears;

/// <summary>run()'s mode: 'async' (default; on a single server the same as 'async_local') or 'async_local'.</summary>
public enum ExecutionMode { Async, AsyncLocal, Sync }

/// <summary>StreamReader onFailedPolicy.</summary>
public enum OnFailedPolicy { Continue, Abort, Retry }

/// <summary>The arguments of run() (spec §2.3): the reader's argument and options.</summary>
public sealed class RunOptions
{
    /// <summary>KeysReader/KeysOnlyReader glob, StreamReader key; null: the graph's DefaultArg.</summary>
    public string? Arg { get; init; }
    public bool ConvertToStr { get; init; } = true;
    public bool Collect { get; init; } = true;
    public ExecutionMode Mode { get; init; } = ExecutionMode.Async;

    /// <summary>KeysReader/KeysOnlyReader: Arg is an exact key name.</summary>
    public bool NoScan { get; init; }
    public bool ReadValue { get; init; } = true;

    /// <summary>StreamReader: read the entries after this id.</summary>
    public string FromId { get; init; } = "0-0";

    /// <summary>KeysOnlyReader: SCAN COUNT.</summary>
    public long Count { get; init; } = 1000;

    /// <summary>KeysOnlyReader patternGenerator: returns (pattern, noScan) when the run starts.</summary>
    public Func<(string Pattern, bool NoScan)>? PatternGenerator { get; init; }

    /// <summary>PythonReader (user sequence): called once when the run starts; every item is a record (language values).</summary>
    public Func<IEnumerable<object?>>? Generator { get; init; }
}

/// <summary>The arguments of register() (spec §2.4). Options that do not apply to the reader are ignored.</summary>
public sealed class RegisterOptions
{
    /// <summary>Keys/streams: a trailing '*' is a prefix match, otherwise an exact name.</summary>
    public string Prefix { get; init; } = "*";
    public bool ConvertToStr { get; init; } = true;
    public bool Collect { get; init; } = true;
    public ExecutionMode Mode { get; init; } = ExecutionMode.Async;

    /// <summary>Called when the registration is installed.</summary>
    public Action? OnRegistered { get; init; }

    // KeysReader
    public IReadOnlyList<string>? EventTypes { get; init; }
    public IReadOnlyList<string>? KeyTypes { get; init; }
    public bool ReadValue { get; init; } = true;
    public IReadOnlyList<string>? Commands { get; init; }

    // StreamReader
    public long Batch { get; init; } = 1;
    public long DurationMs { get; init; }
    public OnFailedPolicy OnFailedPolicy { get; init; } = OnFailedPolicy.Continue;
    public long OnFailedRetryIntervalSec { get; init; } = 1;
    public bool TrimStream { get; init; } = true;

    // CommandReader
    public string? Trigger { get; init; }
    public string? Hook { get; init; }
    public string? KeyPrefix { get; init; }
    public bool InOrder { get; init; }
}
