using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>Pops from a container of type <typeparamref name="T"/> at <paramref name="key"/> and writes the reply.</summary>
internal delegate void PopFrom<in T>(Session session, ReadOnlySpan<byte> key, T value);

/// <summary>
/// The shape the blocking pops share (blockingPopGenericCommand, blockingGenericZpopCommand):
/// pop from the first of the keys holding a <typeparamref name="T"/>, else block on all of them
/// until a push feeds one. A client that may not block (inside MULTI) gets the timeout reply.
/// </summary>
internal static class BlockingPops
{
    public static void PopOrBlock<T>(Session session, CommandArgs args, int firstKey, int keyCount, long deadlineMs, PopFrom<T> pop)
        where T : class
    {
        for (int i = firstKey; i < firstKey + keyCount; i++)
        {
            if (!ValueLookup.TryWrite(session, args[i], out T? value)) return;
            if (value == null) continue;
            pop(session, args[i], value);
            return;
        }
        if (!session.CanBlock)
        {
            session.Reply.WriteNullArray();
            return;
        }
        var keys = new byte[keyCount][];
        for (int i = 0; i < keyCount; i++) keys[i] = args.ToArray(firstKey + i);
        session.Block(keys, deadlineMs, key =>
        {
            if (session.Db.Get(key) is not T value) return false;
            pop(session, key, value);
            return true;
        });
    }
}
