using System.Collections.Concurrent;

namespace HotGears.Engine;

/// <summary>The connected clients, for CLIENT LIST/KILL and INFO clients.</summary>
public sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<long, Session> _sessions = new();
    private long _lastId;

    public int Count => _sessions.Count;

    public IEnumerable<Session> All => _sessions.Values.OrderBy(s => s.Id);

    public long NextId() => Interlocked.Increment(ref _lastId);

    public void Add(Session session) => _sessions[session.Id] = session;

    public void Remove(Session session) => _sessions.TryRemove(session.Id, out _);

    public Session? Find(long id) => _sessions.GetValueOrDefault(id);
}
