namespace HotGears.Engine;

/// <summary>Counters for INFO stats. Written under the keyspace lock (connection counters with Interlocked).</summary>
public sealed class ServerStats
{
    public long TotalConnectionsReceived;
    public long RejectedConnections;
    public long TotalCommandsProcessed;
    public long ExpiredKeys;
    public long KeyspaceHits;
    public long KeyspaceMisses;
    public long TotalNetInputBytes;
    public long TotalNetOutputBytes;
    public long TotalErrorReplies;

    /// <summary>Clients waiting in a blocking command (INFO blocked_clients): a gauge, not reset by CONFIG RESETSTAT.</summary>
    public long BlockedClients;

    public void Reset()
    {
        TotalConnectionsReceived = RejectedConnections = TotalCommandsProcessed = ExpiredKeys = 0;
        KeyspaceHits = KeyspaceMisses = TotalNetInputBytes = TotalNetOutputBytes = TotalErrorReplies = 0;
    }
}
