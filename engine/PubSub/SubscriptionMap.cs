namespace HotGears.Engine.PubSub;

/// <summary>
/// One namespace of subscriptions (channels, patterns or shard channels), kept both ways: each
/// name with its subscribers here, and each client's names in a set of its session. A name is
/// dropped as soon as its last subscriber leaves, so short-lived channels do not accumulate.
/// Used under the keyspace lock only.
/// </summary>
public sealed class SubscriptionMap
{
    private readonly Dictionary<byte[], HashSet<Session>> _byName = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], HashSet<Session>>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly Func<Session, HashSet<byte[]>> _namesOf;

    /// <param name="namesOf">The session's own set of names for this namespace.</param>
    internal SubscriptionMap(Func<Session, HashSet<byte[]>> namesOf)
    {
        _namesOf = namesOf;
        _lookup = _byName.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>How many names have at least one subscriber.</summary>
    public int Count => _byName.Count;

    /// <summary>Every name with its subscribers (the concrete type, so iterating it does not allocate).</summary>
    internal Dictionary<byte[], HashSet<Session>> ByName => _byName;

    /// <summary>The subscribers of <paramref name="name"/>, or null when it has none.</summary>
    internal HashSet<Session>? SubscribersOf(ReadOnlySpan<byte> name) => _lookup.TryGetValue(name, out var subscribers) ? subscribers : null;

    public int SubscriberCount(ReadOnlySpan<byte> name) => SubscribersOf(name)?.Count ?? 0;

    /// <summary>The session's names in this namespace.</summary>
    public HashSet<byte[]> NamesOf(Session session) => _namesOf(session);

    /// <summary>Subscribes <paramref name="session"/> to <paramref name="name"/>; false when it already was.</summary>
    public bool Add(Session session, ReadOnlySpan<byte> name)
    {
        var names = _namesOf(session);
        if (names.GetAlternateLookup<ReadOnlySpan<byte>>().Contains(name)) return false;
        byte[] key = name.ToArray();
        names.Add(key);
        if (!_lookup.TryGetValue(name, out var subscribers)) _byName.Add(key, subscribers = []);
        subscribers.Add(session);
        return true;
    }

    /// <summary>Unsubscribes <paramref name="session"/> from <paramref name="name"/>; false when it was not subscribed.</summary>
    public bool Remove(Session session, ReadOnlySpan<byte> name)
    {
        if (!_namesOf(session).GetAlternateLookup<ReadOnlySpan<byte>>().Remove(name)) return false;
        ForgetSubscriber(session, name);
        return true;
    }

    /// <summary>Drops every subscription of <paramref name="session"/> in this namespace.</summary>
    public void RemoveAll(Session session)
    {
        var names = _namesOf(session);
        foreach (var name in names) ForgetSubscriber(session, name);
        names.Clear();
    }

    private void ForgetSubscriber(Session session, ReadOnlySpan<byte> name)
    {
        var subscribers = _lookup[name];
        subscribers.Remove(session);
        if (subscribers.Count == 0) _lookup.Remove(name);
    }
}
