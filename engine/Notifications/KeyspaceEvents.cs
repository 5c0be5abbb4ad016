using System.Buffers;
using System.Globalization;
using System.Text;

namespace HotGears.Engine.Notifications;

/// <summary>
/// Raises keyspace events (notify.c): calls the in-process listeners, then publishes on
/// `__keyspace@N__:key` (message: the event name) and `__keyevent@N__:event` (message: the key)
/// when `notify-keyspace-events` asks for it. Channel names are built on the stack (or in a pooled
/// buffer for long keys): an event that nobody receives allocates nothing.
/// </summary>
public sealed class KeyspaceEvents(Server server)
{
    private const int StackLimit = 256;
    private IKeyspaceListener[] _listeners = [];

    public void Subscribe(IKeyspaceListener listener)
    {
        lock (server.Lock) _listeners = [.. _listeners, listener];
    }

    public void Unsubscribe(IKeyspaceListener listener)
    {
        lock (server.Lock) _listeners = _listeners.Where(l => l != listener).ToArray();
    }

    /// <summary>Raises one event. Listeners hear every event, whatever `notify-keyspace-events` says.</summary>
    /// <summary>`del`: a key was deleted (by DEL, or because a command emptied its container).</summary>
    public void NotifyDeleted(ReadOnlySpan<byte> key, int db) => Notify(NotifyFlags.Generic, "del", key, db);

    public void Notify(NotifyFlags type, string eventName, ReadOnlySpan<byte> key, int db)
    {
        var listeners = _listeners;
        if (listeners.Length != 0) CallListeners(listeners, new KeyspaceEvent(db, type, eventName, key));

        var flags = server.Config.NotifyKeyspaceEvents;
        if ((flags & type) == 0 || (flags & (NotifyFlags.Keyspace | NotifyFlags.Keyevent)) == 0) return;
        var pubSub = server.PubSub;
        if (pubSub.Channels.Count == 0 && pubSub.Patterns.Count == 0) return; // no subscriber at all: skip building channel names

        int eventLength = Encoding.UTF8.GetByteCount(eventName);
        byte[]? rentedEvent = null;
        Span<byte> eventBytes = eventLength <= StackLimit ? stackalloc byte[StackLimit] : (rentedEvent = ArrayPool<byte>.Shared.Rent(eventLength));
        eventBytes = eventBytes[..Encoding.UTF8.GetBytes(eventName, eventBytes)];
        if ((flags & NotifyFlags.Keyspace) != 0) Publish("__keyspace@"u8, db, key, eventBytes);
        if ((flags & NotifyFlags.Keyevent) != 0) Publish("__keyevent@"u8, db, eventBytes, key);
        if (rentedEvent != null) ArrayPool<byte>.Shared.Return(rentedEvent);
    }

    /// <summary>
    /// A listener that throws must not break the command that raised the event (its reply may be
    /// half written): the failure is logged and the other listeners still run.
    /// </summary>
    private static void CallListeners(IKeyspaceListener[] listeners, in KeyspaceEvent e)
    {
        foreach (var listener in listeners)
        {
            try
            {
                listener.OnKeyspaceEvent(in e);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Warning($"keyspace event listener {listener.GetType().Name} failed on '{e.Name}': {ex}");
            }
        }
    }

    /// <summary>Publishes <paramref name="message"/> on the channel `prefix` + db + `__:` + <paramref name="suffix"/>.</summary>
    private void Publish(ReadOnlySpan<byte> prefix, int db, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> message)
    {
        int maxLength = prefix.Length + 11 + 3 + suffix.Length; // 11: the digits of any int
        byte[]? rented = null;
        Span<byte> channel = maxLength <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        prefix.CopyTo(channel);
        int length = prefix.Length;
        db.TryFormat(channel[length..], out int digits, default, CultureInfo.InvariantCulture);
        length += digits;
        "__:"u8.CopyTo(channel[length..]);
        length += 3;
        suffix.CopyTo(channel[length..]);
        length += suffix.Length;
        server.PubSub.Publish(channel[..length], message);
        if (rented != null) ArrayPool<byte>.Shared.Return(rented);
    }
}
