using System.Globalization;
using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine;

/// <summary>
/// Server configuration. Every parameter is one row of <see cref="Parameters"/>: its name, how to
/// show it and how to change it. The config file, the command line, CONFIG GET and CONFIG SET all
/// go through that table.
/// </summary>
public sealed class ServerConfig
{
    public ServerConfig() => Parameters = BuildParameters();

    private const string GearsPrefix = "gears-";

    /// <summary>
    /// Gears options given at startup as `gears-&lt;Option&gt; value` (config file) or
    /// `--gears-&lt;Option&gt; value` (command line), as RedisGears' module arguments: the Gears
    /// engine applies them when it starts (ExecutionThreads included).
    /// </summary>
    public List<(string Name, string Value)> GearsSettings { get; } = new();

    public int Port { get; set; } = 6379;
    public string Bind { get; set; } = "127.0.0.1";
    public int Databases { get; set; } = 16;
    public int MaxClients { get; set; } = 10000;

    /// <summary>
    /// io-threads: the threads that run socket I/O and the requests it completes (load time only).
    /// One, as Redis's default: every command runs under the keyspace lock anyway, and a second
    /// thread mostly spins waiting for it.
    /// </summary>
    public int IoThreads { get; set; } = 1;

    /// <summary>The password of the default user; empty: none, every client starts authenticated.</summary>
    public string RequirePass { get; set; } = "";

    /// <summary>Absolute path of the configuration file the server started with; empty when none (INFO, CONFIG REWRITE).</summary>
    public string ConfigFile { get; set; } = "";

    /// <summary>Seconds of idleness after which a client is closed (0: never).</summary>
    public int Timeout { get; set; }

    public NotifyFlags NotifyKeyspaceEvents { get; set; }
    public ProtocolLimits Limits { get; } = new();
    public long ClientQueryBufferLimit { get; set; } = 1024L * 1024 * 1024;
    public string LogLevel { get; set; } = "notice";
    public string LogFile { get; set; } = "";
    public long SlowlogLogSlowerThan { get; set; } = 10000;
    public int SlowlogMaxLen { get; set; } = 128;

    /// <summary>
    /// maxmemory-policy. Nothing is evicted yet, but the policy decides what the keyspace tracks per
    /// key, as in Redis: an LFU access counter under an "-lfu" policy, the last access time otherwise.
    /// </summary>
    public string MaxMemoryPolicy { get; private set; } = "noeviction";

    /// <summary>True under volatile-lfu and allkeys-lfu (cached: the keyspace reads it on every key access).</summary>
    public bool LfuPolicy { get; private set; }

    public int LfuLogFactor { get; set; } = 10;

    /// <summary>stream-node-max-bytes: the size at which a stream node (listpack) is closed (0: no limit).</summary>
    public long StreamNodeMaxBytes { get; set; } = 4096;

    /// <summary>stream-node-max-entries: the entry count at which a stream node is closed (0: no limit).</summary>
    public long StreamNodeMaxEntries { get; set; } = 100;

    /// <summary>hash-max-listpack-entries and hash-max-listpack-value.</summary>
    public ListpackLimits HashListpack { get; } = new(HashValue.MaxPackedEntries, HashValue.DefaultMaxPackedValue);

    /// <summary>zset-max-listpack-entries and zset-max-listpack-value, shared by every sorted set.</summary>
    public ListpackLimits ZSetListpack { get; } = new(SortedSetValue.MaxListpackEntries, SortedSetValue.MaxListpackValue);

    /// <summary>Minutes after which an unaccessed key's LFU counter is decremented (0: never).</summary>
    public int LfuDecayTime { get; set; } = 1;

    private static readonly string[] MaxMemoryPolicies =
        ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"];

    /// <summary>Pub/sub clients: hard limit, soft limit, soft seconds (client-output-buffer-limit pubsub).</summary>
    public (long Hard, long Soft, int Seconds) PubSubOutputLimit { get; set; } = (32L * 1024 * 1024, 8L * 1024 * 1024, 60);

    /// <summary>Parameters that exist for clients' sake (redis-benchmark asks for save and appendonly) but change nothing here.</summary>
    public Dictionary<string, string> Inert { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["save"] = "", ["appendonly"] = "no", ["dir"] = "/tmp", ["dbfilename"] = "dump.rdb", ["maxmemory"] = "0",
        ["hz"] = "10", ["tcp-keepalive"] = "300", ["protected-mode"] = "no",
        ["daemonize"] = "no", ["supervised"] = "no", ["lua-time-limit"] = "5000", ["busy-reply-threshold"] = "5000",
        ["activedefrag"] = "no", ["lazyfree-lazy-user-del"] = "no", ["lazyfree-lazy-user-flush"] = "no",
        ["maxmemory-samples"] = "5", ["tcp-backlog"] = "511",
        ["list-max-listpack-size"] = "-2", ["list-compress-depth"] = "0",
        ["set-max-intset-entries"] = "512", ["set-max-listpack-entries"] = "128",
        ["appendfsync"] = "everysec", ["latency-tracking"] = "yes",
    };

    public IReadOnlyList<ConfigParameter> Parameters { get; }

    public ConfigParameter? Find(string name) =>
        Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase) ||
                                       p.Alias?.Equals(name, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Applies one setting; returns null or the reason it was refused.</summary>
    public string? Set(string name, string value)
    {
        if (name.StartsWith(GearsPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > GearsPrefix.Length)
        {
            GearsSettings.Add((name[GearsPrefix.Length..], value));
            return null;
        }
        var parameter = Find(name);
        if (parameter == null) return "unknown parameter";
        return parameter.Set(value);
    }

    private List<ConfigParameter> BuildParameters()
    {
        var list = new List<ConfigParameter>
        {
            Int("port", () => Port, v => Port = v, 0, 65535, mutable: false),
            new("bind", () => Bind, v => { Bind = v; return null; }, mutable: false),
            Int("databases", () => Databases, v => Databases = v, 1, 1 << 20, mutable: false),
            Int("maxclients", () => MaxClients, v => MaxClients = v, 1, int.MaxValue),
            Int("io-threads", () => IoThreads, v => IoThreads = v, 1, 128, mutable: false),
            Int("timeout", () => Timeout, v => Timeout = v, 0, int.MaxValue),
            new("requirepass", () => RequirePass, v => { RequirePass = v; return null; }, sensitive: true),
            new("notify-keyspace-events", () => NotifyFlagsText.Format(NotifyKeyspaceEvents), v =>
            {
                var flags = NotifyFlagsText.Parse(v);
                if (flags == null) return "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
                NotifyKeyspaceEvents = flags.Value;
                return null;
            }),
            Memory("proto-max-bulk-len", () => Limits.MaxBulkLength, v => Limits.MaxBulkLength = v, 1024 * 1024),
            Memory("client-query-buffer-limit", () => ClientQueryBufferLimit, v => ClientQueryBufferLimit = v, 1024 * 1024),
            new("loglevel", () => LogLevel, v =>
            {
                if (v is not ("debug" or "verbose" or "notice" or "warning" or "nothing")) return "argument(s) must be one of the following: debug, verbose, notice, warning, nothing";
                LogLevel = v;
                return null;
            }),
            new("logfile", () => LogFile, v => { LogFile = v; return null; }, mutable: false),
            Long("slowlog-log-slower-than", () => SlowlogLogSlowerThan, v => SlowlogLogSlowerThan = v, -1, long.MaxValue),
            Int("slowlog-max-len", () => SlowlogMaxLen, v => SlowlogMaxLen = v, 0, int.MaxValue),
            new("maxmemory-policy", () => MaxMemoryPolicy, SetMaxMemoryPolicy),
            Int("lfu-log-factor", () => LfuLogFactor, v => LfuLogFactor = v, 0, int.MaxValue),
            Int("lfu-decay-time", () => LfuDecayTime, v => LfuDecayTime = v, 0, int.MaxValue),
            Memory("stream-node-max-bytes", () => StreamNodeMaxBytes, v => StreamNodeMaxBytes = v, 0),
            Long("stream-node-max-entries", () => StreamNodeMaxEntries, v => StreamNodeMaxEntries = v, 0, long.MaxValue),
            Long("hash-max-listpack-entries", () => HashListpack.MaxEntries, v => HashListpack.MaxEntries = v, 0, long.MaxValue,
                alias: "hash-max-ziplist-entries"),
            Memory("hash-max-listpack-value", () => HashListpack.MaxValue, v => HashListpack.MaxValue = v, 0, alias: "hash-max-ziplist-value"),
            Long("zset-max-listpack-entries", () => ZSetListpack.MaxEntries, v => ZSetListpack.MaxEntries = v, 0, long.MaxValue,
                alias: "zset-max-ziplist-entries"),
            Memory("zset-max-listpack-value", () => ZSetListpack.MaxValue, v => ZSetListpack.MaxValue = v, 0, alias: "zset-max-ziplist-value"),
            new("client-output-buffer-limit",
                () => $"normal 0 0 0 slave 268435456 67108864 60 pubsub {PubSubOutputLimit.Hard} {PubSubOutputLimit.Soft} {PubSubOutputLimit.Seconds}",
                SetOutputBufferLimits),
        };
        foreach (var name in Inert.Keys)
        {
            // Redis 7 still accepts the pre-7.0 "ziplist" names of the listpack settings.
            string? alias = name.Contains("-listpack-") && !name.StartsWith("set-", StringComparison.Ordinal) ? name.Replace("-listpack-", "-ziplist-") : null;
            list.Add(new ConfigParameter(name, () => Inert[name], v => { Inert[name] = v; return null; }, alias: alias));
        }
        return list;
    }

    private string? SetMaxMemoryPolicy(string value)
    {
        string? policy = Array.Find(MaxMemoryPolicies, p => p.Equals(value, StringComparison.OrdinalIgnoreCase));
        if (policy == null) return "argument(s) must be one of the following: " + string.Join(", ", MaxMemoryPolicies);
        MaxMemoryPolicy = policy;
        LfuPolicy = policy.EndsWith("-lfu", StringComparison.Ordinal);
        return null;
    }

    /// <summary>Accepts "class hard soft seconds" groups; only the pubsub class is enforced.</summary>
    private string? SetOutputBufferLimits(string value)
    {
        var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length % 4 != 0) return "Wrong number of arguments in buffer limit configuration.";
        for (int i = 0; i < words.Length; i += 4)
        {
            if (words[i] is not ("normal" or "slave" or "replica" or "pubsub")) return "Invalid client class specified in buffer limit configuration.";
            if (!TryParseMemory(words[i + 1], out long hard) || !TryParseMemory(words[i + 2], out long soft) ||
                !int.TryParse(words[i + 3], out int seconds) || seconds < 0)
                return "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            if (words[i] == "pubsub") PubSubOutputLimit = (hard, soft, seconds);
        }
        return null;
    }

    private static ConfigParameter Int(string name, Func<int> get, Action<int> set, int min, int max, bool mutable = true) =>
        Long(name, () => get(), v => set((int)v), min, max, mutable);

    private static ConfigParameter Long(string name, Func<long> get, Action<long> set, long min, long max, bool mutable = true,
        string? alias = null) =>
        new(name, () => get().ToString(CultureInfo.InvariantCulture), v =>
        {
            if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n)) return "argument couldn't be parsed into an integer";
            if (n < min || n > max) return $"argument must be between {min} and {max} inclusive";
            set(n);
            return null;
        }, mutable, alias);

    private static ConfigParameter Memory(string name, Func<long> get, Action<long> set, long min, string? alias = null) =>
        new(name, () => get().ToString(CultureInfo.InvariantCulture), v =>
        {
            if (!TryParseMemory(v, out long n)) return "argument must be a memory value";
            if (n < min) return $"argument must be between {min} and {long.MaxValue} inclusive";
            set(n);
            return null;
        }, alias: alias);

    /// <summary>Parses "512mb"-style sizes as Redis's memtoull: k=1000, kb=1024, m, mb, g, gb.</summary>
    public static bool TryParseMemory(string text, out long bytes)
    {
        bytes = 0;
        text = text.Trim().ToLowerInvariant();
        (string suffix, long unit)[] units = [("gb", 1L << 30), ("mb", 1L << 20), ("kb", 1L << 10), ("g", 1_000_000_000), ("m", 1_000_000), ("k", 1000), ("b", 1)];
        long multiplier = 1;
        foreach (var (suffix, unit) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                text = text[..^suffix.Length];
                multiplier = unit;
                break;
            }
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n)) return false;
        bytes = checked(n * multiplier);
        return true;
    }
}

/// <summary>
/// One configuration parameter: how CONFIG GET shows it and how CONFIG SET changes it. A
/// sensitive one (a password) is redacted from the slow log when set.
/// </summary>
public sealed class ConfigParameter(string name, Func<string> get, Func<string, string?> set, bool mutable = true, string? alias = null,
    bool sensitive = false)
{
    public string Name { get; } = name;
    public string? Alias { get; } = alias;
    public bool Mutable { get; } = mutable;
    public bool Sensitive { get; } = sensitive;
    public string Get() => get();

    /// <summary>Applies a value; returns null, or why it was refused.</summary>
    public string? Set(string value) => set(value);
}
