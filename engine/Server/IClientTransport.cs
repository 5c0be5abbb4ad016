namespace HotGears.Engine;

/// <summary>What the engine needs from a client's connection, implemented by the network host.</summary>
public interface IClientTransport
{
    /// <summary>"ip:port" of the client.</summary>
    string RemoteAddress { get; }

    /// <summary>"ip:port" of the server side of the connection.</summary>
    string LocalAddress { get; }

    /// <summary>The socket's file descriptor (CLIENT LIST fd=), -1 for a client without one.</summary>
    long FileDescriptor { get; }

    /// <summary>
    /// Sends RESP bytes out of band (a pub/sub message) without waiting. The host enforces the
    /// output buffer limit and closes the client instead of buffering without bound.
    /// </summary>
    void Push(byte[] message);

    /// <summary>Bytes received from the client and not yet consumed (CLIENT LIST qbuf).</summary>
    long QueryBufferLength { get; }

    /// <summary>Free room in the client's query buffer (CLIENT LIST qbuf-free).</summary>
    long QueryBufferFree { get; }

    /// <summary>Bytes queued for this client and not yet written to the socket.</summary>
    long PendingOutputBytes { get; }

    /// <summary>Closes the connection (CLIENT KILL, limits). Safe to call from any thread.</summary>
    void Close();
}
