using HotGears.Engine.Notifications;

namespace HotGears.Engine.Commands;

/// <summary>
/// The tail that HDEL, SREM, ZREM and ZREMRANGEBY* share once they removed members: the key is
/// deleted first when its container emptied, then the command's event fires, then `del` (the
/// order of hdelCommand, sremCommand and zremGenericCommand, so a listener sees the key gone).
/// </summary>
internal static class MembersRemoved
{
    public static void Notify(Session session, ReadOnlySpan<byte> key, NotifyFlags type, string eventName, bool emptied)
    {
        var db = session.Db;
        var events = session.Server.Events;
        if (emptied) db.Delete(key);
        events.Notify(type, eventName, key, db.Index);
        if (emptied) events.NotifyDeleted(key, db.Index);
    }
}
