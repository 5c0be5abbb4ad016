using System.Runtime.CompilerServices;
using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>MEMORY USAGE, PURGE, MALLOC-STATS and HELP (memoryCommand in object.c).</summary>
internal static class MemoryCommands
{
    /// <summary>OBJ_COMPUTE_SIZE_DEF_SAMPLES.</summary>
    private const long DefaultSamples = 5;

    private static readonly string[] Help =
    [
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
    ];

    [Command("MEMORY|HELP", 2, Flags = "loading stale", Since = "4.0.0",
        Summary = "Show helpful text about the different subcommands", Complexity = "O(1)")]
    public static void MemoryHelp(Session session, CommandArgs args) => HelpReply.Write(session, args, Help);

    [Command("MEMORY|USAGE", -3, Flags = "readonly", FirstKey = 2, LastKey = 2, Step = 1, Since = "4.0.0",
        Summary = "Estimate the memory usage of a key", Complexity = "O(N) where N is the number of samples.")]
    public static void Usage(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        long samples = DefaultSamples;
        for (int i = 3; i < args.Count; i++)
        {
            if (!args.Is(i, "SAMPLES"u8) || i + 1 >= args.Count)
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
            if (!RedisNumbers.TryParseInt64(args[++i], out samples))
            {
                reply.WriteError(Errors.NotInteger);
                return;
            }
            if (samples < 0)
            {
                reply.WriteError(Errors.Syntax);
                return;
            }
            if (samples == 0) samples = long.MaxValue;
        }
        // As Redis (a plain dictFind), the lookup neither expires the key nor counts as an access.
        ref object value = ref session.Db.Keys.Find(args[2], out _);
        if (Unsafe.IsNullRef(ref value))
        {
            reply.WriteNull();
            return;
        }
        reply.WriteInteger(MemoryUsage.OfKey(args[2], value, samples));
    }

    [Command("MEMORY|PURGE", 2, Since = "4.0.0", Summary = "Ask the allocator to release memory", Complexity = "Depends on how much memory is allocated, could be slow")]
    public static void Purge(Session session, CommandArgs args)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        session.Reply.WriteOk();
    }

    [Command("MEMORY|MALLOC-STATS", 2, Since = "4.0.0", Summary = "Show allocator internal stats",
        Complexity = "Depends on how much memory is allocated, could be slow")]
    public static void MallocStats(Session session, CommandArgs args) =>
        session.Reply.WriteVerbatim("Stats not supported for the current allocator");
}
