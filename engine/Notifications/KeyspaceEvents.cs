using System.Text;

namespace HotGears.Engine.Notifications;

/// <summary>
/// Raises keyspace events (notify.c): calls the in-process listeners, then publishes on
/// `__keyspace@N__:key` and `__keyevent@N__:event` when `notify-keyspace-events` asks for it.
/// Costs one branch per event when nobody listens.
/// </summary>
public sealed class KeyspaceEvents(Server server)
{
    private IKeyspaceListener[] _listeners = [];

    public void Subscribe(IKeyspaceListener listener)
    {
        lock (server.Lock) _listeners = [.. _listeners, listener];
    }

    public void Unsubscribe(IKeyspaceListener listener)
    {
        lock (server.Lock) _listeners = _listeners.Where(l => l != listener).ToArray();
    }

    public void Notify(NotifyFlags type, string eventName, ReadOnlySpan<byte> key, int db)
    {
        var listeners = _listeners;
        if (listeners.Length != 0)
        {
            var e = new KeyspaceEvent(db, type, eventName, key);
            foreach (var listener in listeners) listener.OnKeyspaceEvent(in e);
        }

        var flags = server.Config.NotifyKeyspaceEvents;
        if ((flags & type) == 0) return;
        if ((flags & NotifyFlags.Keyspace) != 0)
        {
            byte[] channel = Encoding.ASCII.GetBytes($"__keyspace@{db}__:").Concat(key.ToArray()).ToArray();
            server.PubSub.Publish(channel, Encoding.ASCII.GetBytes(eventName));
        }
        if ((flags & NotifyFlags.Keyevent) != 0)
        {
            byte[] channel = Encoding.ASCII.GetBytes($"__keyevent@{db}__:{eventName}");
            server.PubSub.Publish(channel, key);
        }
    }
}
