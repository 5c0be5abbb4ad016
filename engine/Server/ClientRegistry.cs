using System.Collections.Concurrent;

namespace HotGears.Engine;

/// <summary>The connected clients, for CLIENT LIST/KILL and INFO clients.</summary>
public sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<long, Session> _sessions = new();
    private long _lastId;

    /// <summary>Set by the network host: accepts the connections the kernel has completed and the accept thread has not taken yet.</summary>
    public Action? AcceptPending { get; set; }

    /// <summary>Clients registered so far (see <see cref="CatchUp"/>).</summary>
    public int Count => _sessions.Count;

    /// <summary>Every client, in id order, after <see cref="CatchUp"/>.</summary>
    public IEnumerable<Session> All
    {
        get
        {
            CatchUp();
            return _sessions.Values.OrderBy(s => s.Id);
        }
    }

    /// <summary>
    /// Registers the connections that are complete but not yet accepted, so that a client that
    /// has connected is seen (listed, counted, killable) by any later command of another client:
    /// what Redis's single event loop guarantees.
    /// </summary>
    public void CatchUp() => AcceptPending?.Invoke();

    public long NextId() => Interlocked.Increment(ref _lastId);

    public void Add(Session session) => _sessions[session.Id] = session;

    public void Remove(Session session) => _sessions.TryRemove(session.Id, out _);

    public Session? Find(long id) => _sessions.GetValueOrDefault(id);
}
