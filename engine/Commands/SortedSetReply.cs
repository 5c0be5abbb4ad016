using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// How sorted set commands reply members with their scores: RESP2 flattens them into one array
/// (member, score, member, score...), RESP3 nests a [member, score] pair per entry (Redis 7 does
/// so for ZRANGE WITHSCORES, ZPOP* with a count, ZRANDMEMBER, ZUNION/ZINTER/ZDIFF); scores are
/// doubles. Also the keyspace events the commands share.
/// </summary>
internal static class SortedSetReply
{
    /// <summary>The array header for <paramref name="entries"/> entries.</summary>
    public static void WriteHeader(Session session, int entries, bool withScores) =>
        session.Reply.WriteArrayHeader(withScores && session.Protocol == 2 ? entries * 2 : entries);

    public static void WriteEntry(Session session, ReadOnlySpan<byte> member, double score, bool withScores) =>
        WriteEntry(session.Reply, member, score, withScores, asPair: withScores && session.Protocol == 3);

    /// <summary>A member, its score too when <paramref name="withScore"/>, nested as a pair when <paramref name="asPair"/>.</summary>
    public static void WriteEntry(RespWriter reply, ReadOnlySpan<byte> member, double score, bool withScore, bool asPair)
    {
        if (asPair) reply.WriteArrayHeader(2);
        reply.WriteBulk(member);
        if (withScore) reply.WriteDouble(score);
    }

    /// <summary>The entries at ranks <paramref name="span"/>, ascending or (reverse) descending, after their header.</summary>
    public static void WriteSpan(Session session, SortedSetValue zset, RankSpan span, bool reverse, bool withScores)
    {
        WriteHeader(session, span.Length, withScores);
        if (span.Length == 0) return;
        var at = zset.At(reverse ? span.End - 1 : span.Start);
        for (int i = 0; i < span.Length; i++)
        {
            WriteEntry(session, at.Current.Member, at.Current.Score, withScores);
            if (reverse) at.MovePrevious();
            else at.MoveNext();
        }
    }

    public static void Notify(Session session, string eventName, ReadOnlySpan<byte> key) =>
        session.Server.Events.Notify(NotifyFlags.ZSet, eventName, key, session.Db.Index);


    /// <summary>
    /// Stores the result of a STORE command (replacing the destination whatever its type, and its
    /// TTL) and replies its size; an empty result deletes the destination instead.
    /// </summary>
    public static void Store(Session session, ReadOnlySpan<byte> destination, SortedSetValue result, string eventName)
    {
        session.Reply.WriteInteger(result.Count);
        if (result.Count > 0)
        {
            session.Db.Set(destination, result);
            Notify(session, eventName, destination);
        }
        else if (session.Db.Delete(destination)) session.Server.Events.NotifyDeleted(destination, session.Db.Index);
    }
}
