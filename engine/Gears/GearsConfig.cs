using System.Globalization;

namespace HotGears.Engine.Gears;

/// <summary>
/// The Gears configuration (spec §3): the built-in options that make sense without a cluster,
/// the Python plugin's PythonAttemptTraceback, and the "extra" dictionary that keeps every other
/// key (what configGet() reads). Names of built-ins match case-insensitively when set and
/// case-sensitively when read (RG.CONFIGGET), as in RedisGears.
/// </summary>
public sealed class GearsConfig
{
    /// <summary>A built-in option: its name, whether RG.CONFIGSET may change it, and its validity rule.</summary>
    private sealed record Option(string Name, bool Runtime, Func<long, bool> Valid, Func<GearsConfig, long> Get, Action<GearsConfig, long> Set);

    private static readonly Option[] BuiltIns =
    [
        new("MaxExecutions", true, v => v >= 0, c => c.MaxExecutions, (c, v) => c.MaxExecutions = v),
        new("MaxExecutionsPerRegistration", true, v => v >= 0, c => c.MaxExecutionsPerRegistration, (c, v) => c.MaxExecutionsPerRegistration = v),
        new("ProfileExecutions", true, v => v >= 0, c => c.ProfileExecutions ? 1 : 0, (c, v) => c.ProfileExecutions = v != 0),
        new("ExecutionThreads", false, v => v > 0 && v <= 1024, c => c.ExecutionThreads, (c, v) => c.ExecutionThreads = (int)v),
        new("ExecutionMaxIdleTime", true, v => v > 0, c => c.ExecutionMaxIdleTime, (c, v) => c.ExecutionMaxIdleTime = v),
        new("SendMsgRetries", true, v => v >= 0, c => c.SendMsgRetries, (c, v) => c.SendMsgRetries = v),
        new("ExecutionTimeout", true, v => v >= 0, c => c.ExecutionTimeout, (c, v) => c.ExecutionTimeout = v),
        new("RegistrationQueueSize", true, v => v > 0 && v <= int.MaxValue, c => c.RegistrationQueueSize, (c, v) => c.RegistrationQueueSize = (int)v),
    ];

    /// <summary>The Python plugin's keys: case-sensitive, and also kept in the extra dictionary once set.</summary>
    private const string PythonAttemptTracebackName = "PythonAttemptTraceback";

    private readonly Dictionary<string, string> _extra = new(StringComparer.Ordinal);

    /// <summary>Executions kept in the executions list (0: unlimited).</summary>
    public long MaxExecutions { get; set; } = 1000;

    /// <summary>Finished executions kept per registration (0: unlimited).</summary>
    public long MaxExecutionsPerRegistration { get; set; } = 100;

    /// <summary>Step durations in RG.GETEXECUTION.</summary>
    public bool ProfileExecutions { get; set; }

    /// <summary>The size of each session's execution thread pool (load time only).</summary>
    public int ExecutionThreads { get; set; } = 3;

    /// <summary>Kept for compatibility: it bounds cluster executions, and HotGears has no cluster.</summary>
    public long ExecutionMaxIdleTime { get; set; } = 5000;

    /// <summary>Kept for compatibility (cluster message resends).</summary>
    public long SendMsgRetries { get; set; } = 3;

    /// <summary>
    /// HotGears' own: milliseconds after which a running execution is aborted as by
    /// RG.ABORTEXECUTION (error "Execution timed out"); 0 (default) never.
    /// </summary>
    public long ExecutionTimeout { get; set; }

    /// <summary>
    /// HotGears' own: the events an async registration queues before the clients that trigger it
    /// are held back until it catches up (see docs/gears.md, "Event queues").
    /// </summary>
    public int RegistrationQueueSize { get; set; } = 10000;

    /// <summary>Python error texts: a traceback list (1) or the flat type and value (0).</summary>
    public bool PythonAttemptTraceback { get; set; } = true;

    /// <summary>configGet(): the extra dictionary only.</summary>
    public string? GetExtra(string key)
    {
        lock (_extra) return _extra.TryGetValue(key, out var value) ? value : null;
    }

    /// <summary>gearsConfigGet(): a built-in value (long), else an extra value (string), else null.</summary>
    public object? Get(string key)
    {
        if (key == PythonAttemptTracebackName) return PythonAttemptTraceback ? 1L : 0L;
        foreach (var option in BuiltIns)
            if (option.Name == key) return option.Get(this);
        return GetExtra(key);
    }

    /// <summary>
    /// One key of RG.CONFIGSET: the reply text, or an error text (with its "(error) " prefix, as
    /// RedisGears writes it) in <paramref name="error"/>.
    /// </summary>
    public string? Set(string key, string value, bool atLoad, out string? error)
    {
        error = null;
        if (key == PythonAttemptTracebackName)
        {
            if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long flag))
            {
                error = $"(error) Failed setting config value {key}";
                return null;
            }
            PythonAttemptTraceback = flag != 0;
            return SetExtra(key, value);
        }
        foreach (var option in BuiltIns)
        {
            if (!option.Name.Equals(key, StringComparison.OrdinalIgnoreCase)) continue;
            if (!atLoad && !option.Runtime)
            {
                error = $"(error) Config value {key} not modifiable at runtime";
                return null;
            }
            if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number) || !option.Valid(number))
            {
                error = $"(error) Failed setting config value {key}";
                return null;
            }
            option.Set(this, number);
            return "OK";
        }
        return SetExtra(key, value);
    }

    private string SetExtra(string key, string value)
    {
        lock (_extra) _extra[key] = value;
        return "OK - value was saved in extra config dictionary";
    }

    /// <summary>
    /// One key of RG.CONFIGGET: a long (built-ins), a string (extra keys), or null with the error
    /// text "(error) Unsupported config parameter: key".
    /// </summary>
    public object? GetForCommand(string key, out string? error)
    {
        error = null;
        var value = Get(key);
        if (value == null) error = $"(error) Unsupported config parameter: {key}";
        return value;
    }
}
