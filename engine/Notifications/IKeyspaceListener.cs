namespace HotGears.Engine.Notifications;

/// <summary>One keyspace event, valid only during the listener call (the key points into the command's buffers).</summary>
public readonly ref struct KeyspaceEvent(int db, NotifyFlags type, string name, ReadOnlySpan<byte> key)
{
    public int Db { get; } = db;
    public NotifyFlags Type { get; } = type;

    /// <summary>The event name: "set", "del", "expired", "hset", ...</summary>
    public string Name { get; } = name;

    public ReadOnlySpan<byte> Key { get; } = key;
}

/// <summary>
/// An in-process subscriber to keyspace events (the Gears engine's KeysReader registrations).
/// It is called synchronously, under the keyspace lock, inside the command that caused the event,
/// whatever `notify-keyspace-events` says; so a `sync` gear runs atomically with that command.
/// Work that may be slow belongs on a background queue (see <see cref="KeyspaceEventQueue"/>).
/// </summary>
public interface IKeyspaceListener
{
    void OnKeyspaceEvent(in KeyspaceEvent e);
}
