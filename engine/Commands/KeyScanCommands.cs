using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Listing the keys of a database: KEYS all at once, SCAN a cursor step at a time (db.c).</summary>
internal static class KeyScanCommands
{
    [Command("KEYS", 2, Flags = "readonly",
        Summary = "Find all keys matching the given pattern", Complexity = "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.",
        Syntax = "pattern")]
    public static void Keys(Session session, CommandArgs args)
    {
        ReadOnlySpan<byte> pattern = args[1];
        bool all = pattern.SequenceEqual("*"u8);
        var matching = new List<byte[]>();
        foreach (var key in session.Db.LiveKeys())
            if (all || Glob.Match(pattern, key)) matching.Add(key);
        session.Reply.WriteArrayHeader(matching.Count);
        foreach (var key in matching) session.Reply.WriteBulk(key);
    }

    [Command("SCAN", -2, Flags = "readonly", Since = "2.8.0",
        Summary = "Incrementally iterate the keys space", Complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.",
        Syntax = "cursor [MATCH pattern] [COUNT count] [TYPE type]")]
    public static void Scan(Session session, CommandArgs args)
    {
        if (!ScanOptions.TryParseCursor(session, args[1], out ulong cursor) ||
            !ScanOptions.TryParse(session, args, 2, allowType: true, out var options))
            return;
        var db = session.Db;
        var found = new List<KeyValuePair<byte[], object>>();
        cursor = db.Scan(cursor, options.Count, found);

        var keys = new List<byte[]>(found.Count);
        foreach (var (key, _) in found)
        {
            if (!options.Matches(key)) continue;
            if (options.TypeName != null && !HasType(db, key, options.TypeName)) continue;
            // Expired keys are not returned, and are removed on the way, as Redis does.
            if (db.ExpireIfNeeded(key)) continue;
            keys.Add(key);
        }

        var reply = session.Reply;
        ScanOptions.WriteReplyHeader(reply, cursor, keys.Count);
        foreach (var key in keys) reply.WriteBulk(key);
    }

    /// <summary>SCAN's TYPE filter: compares TYPE's answer ("none" for a key that just expired), ignoring case.</summary>
    private static bool HasType(Database db, byte[] key, byte[] typeName)
    {
        var value = db.LookupRead(key, LookupFlags.NoTouch);
        string actual = value == null ? "none" : RedisValues.TypeName(value);
        return System.Text.Ascii.EqualsIgnoreCase(typeName, actual);
    }
}
