using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>OBJECT: the internals of the value of a key (object.c). Looking keys up here neither touches them nor fires `keymiss`.</summary>
internal static class ObjectCommands
{
    private const long SharedRefCount = int.MaxValue;  // Redis's OBJ_SHARED_REFCOUNT
    private const long SharedIntegers = 10000;         // values 0..9999 share preallocated objects

    private static readonly string[] Help =
    [
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
    ];

    [Command("OBJECT|HELP", 2, Flags = "loading stale", Since = "6.2.0",
        Summary = "Show helpful text about the different subcommands", Complexity = "O(1)")]
    public static void ObjectHelp(Session session, CommandArgs args) => HelpReply.Write(session, args, Help);

    [Command("OBJECT|ENCODING", 3, Flags = "readonly", FirstKey = 2, LastKey = 2, Step = 1, Since = "2.2.3",
        Summary = "Inspect the internal encoding of a Redis object", Complexity = "O(1)",
        Syntax = "key")]
    public static void Encoding(Session session, CommandArgs args)
    {
        if (Lookup(session, args[2]) is { } value) session.Reply.WriteBulk(RedisValues.EncodingName(value));
    }

    [Command("OBJECT|REFCOUNT", 3, Flags = "readonly", FirstKey = 2, LastKey = 2, Step = 1, Since = "2.2.3",
        Summary = "Get the number of references to the value of the key", Complexity = "O(1)",
        Syntax = "key")]
    public static void RefCount(Session session, CommandArgs args)
    {
        if (Lookup(session, args[2]) is { } value) session.Reply.WriteInteger(IsShared(session.Server.Config, value) ? SharedRefCount : 1);
    }

    [Command("OBJECT|IDLETIME", 3, Flags = "readonly", FirstKey = 2, LastKey = 2, Step = 1, Since = "2.2.3",
        Summary = "Get the time since a Redis object was last accessed", Complexity = "O(1)",
        Syntax = "key")]
    public static void IdleTime(Session session, CommandArgs args)
    {
        if (Lookup(session, args[2]) == null) return;
        if (session.Server.Config.LfuPolicy)
        {
            session.Reply.WriteError("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."u8);
            return;
        }
        session.Reply.WriteInteger(KeyAccess.IdleSeconds(session.Db.AccessStampOf(args[2]), session.Server.NowMs));
    }

    [Command("OBJECT|FREQ", 3, Flags = "readonly", FirstKey = 2, LastKey = 2, Step = 1, Since = "4.0.0",
        Summary = "Get the logarithmic access frequency counter of a Redis object", Complexity = "O(1)",
        Syntax = "key")]
    public static void Freq(Session session, CommandArgs args)
    {
        if (Lookup(session, args[2]) == null) return;
        var config = session.Server.Config;
        if (!config.LfuPolicy)
        {
            session.Reply.WriteError("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."u8);
            return;
        }
        session.Reply.WriteInteger(KeyAccess.Frequency(session.Db.AccessStampOf(args[2]), config, session.Server.NowMs));
    }

    /// <summary>The value of a live key, or null after replying null.</summary>
    private static object? Lookup(Session session, ReadOnlySpan<byte> key)
    {
        var value = session.Db.LookupRead(key, LookupFlags.NoTouch | LookupFlags.NoNotify);
        if (value == null) session.Reply.WriteNull();
        return value;
    }

    /// <summary>
    /// Redis stores the integers 0..9999 as shared objects, unless maxmemory is set with an LRU or
    /// LFU policy (every key then needs its own access data).
    /// </summary>
    private static bool IsShared(ServerConfig config, object value)
    {
        if (value is not byte[] text || !RedisValues.IsInteger(text)) return false;
        RedisNumbers.TryParseInt64(text, out long number);
        if (number is < 0 or >= SharedIntegers) return false;
        bool evictsByAccess = config.MaxMemoryPolicy.EndsWith("-lru", StringComparison.Ordinal) || config.LfuPolicy;
        return !evictsByAccess || !ServerConfig.TryParseMemory(config.Find("maxmemory")!.Get(), out long maxMemory) || maxMemory == 0;
    }
}
