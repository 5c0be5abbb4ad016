using System.Net;
using System.Net.Sockets;
using HotGears.Engine;

namespace HotGears.Host;

/// <summary>Accepts TCP clients on the configured address and runs a <see cref="ClientConnection"/> for each.</summary>
internal sealed class Listener(Server server) : IDisposable
{
    private const int SolSocket = 1, SoReuseAddr = 2; // Linux values

    private const int ClientsCronPeriodMs = 100;

    private readonly List<Socket> _sockets = new();
    private readonly object _acceptGate = new();
    private readonly HashSet<ClientConnection> _connections = new();
    private Timer? _clientsCron;

    /// <summary>Binds every address of `bind` (space-separated, as redis.conf) on `port`.</summary>
    public void Start()
    {
        foreach (var address in server.Config.Bind.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var ip = address switch { "*" => IPAddress.Any, "::*" => IPAddress.IPv6Any, "localhost" => IPAddress.Loopback, _ => IPAddress.Parse(address.TrimStart('-')) };
            var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            // SO_REUSEADDR only (rebinding over TIME_WAIT, as Redis does). .NET's ReuseAddress option
            // also sets SO_REUSEPORT on Linux, which would let two servers share one port.
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            socket.Bind(new IPEndPoint(ip, server.Config.Port));
            socket.Listen(511);
            socket.Blocking = false; // both the accept thread and CatchUp take what is ready, never waiting
            _sockets.Add(socket);
            new Thread(() => AcceptLoop(socket)) { IsBackground = true, Name = $"accept {address}" }.Start();
        }
        server.Clients.AcceptPending = () =>
        {
            foreach (var socket in _sockets) AcceptReady(socket);
        };
        _clientsCron = new Timer(_ => ResizeQueryBuffers(), null, ClientsCronPeriodMs, ClientsCronPeriodMs);
    }

    /// <summary>Redis's clientsCron query buffer trimming, ten times a second.</summary>
    private void ResizeQueryBuffers()
    {
        ClientConnection[] open;
        lock (_connections) open = _connections.ToArray();
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        lock (server.Lock)
        {
            foreach (var connection in open) connection.ResizeQueryBuffer(now);
        }
    }

    /// <summary>
    /// A thread of its own, waiting for connections: one the kernel has completed is taken at
    /// once, even while the socket threads are busy running commands.
    /// </summary>
    private void AcceptLoop(Socket listener)
    {
        try
        {
            while (true)
            {
                listener.Poll(-1, SelectMode.SelectRead);
                AcceptReady(listener);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The listener was closed: the server is stopping.
        }
    }

    /// <summary>
    /// Accepts every connection that is ready on <paramref name="listener"/> (a non-blocking
    /// socket). One caller at a time, so that CatchUp also waits for a connection the accept
    /// thread has taken but not yet registered. Takes no other lock.
    /// </summary>
    private void AcceptReady(Socket listener)
    {
        lock (_acceptGate) AcceptReadyLocked(listener);
    }

    private void AcceptReadyLocked(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = listener.Accept();
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref server.Stats.TotalConnectionsReceived);
            client.Blocking = true; // accepted sockets inherit non-blocking mode; the connection uses async I/O
            client.NoDelay = true;
            if (server.Clients.Count >= server.Config.MaxClients)
            {
                Interlocked.Increment(ref server.Stats.RejectedConnections);
                RejectAsync(client);
                continue;
            }
            var connection = new ClientConnection(client, server);
            lock (_connections) _connections.Add(connection);
            _ = Task.Run(async () =>
            {
                await connection.RunAsync();
                lock (_connections) _connections.Remove(connection);
            });
        }
    }

    private static void RejectAsync(Socket client)
    {
        try
        {
            client.Send("-ERR max number of clients reached\r\n"u8);
        }
        catch (SocketException)
        {
        }
        client.Dispose();
    }

    /// <summary>Stops accepting and closes every client.</summary>
    public void Dispose()
    {
        _clientsCron?.Dispose();
        foreach (var socket in _sockets) socket.Dispose();
        ClientConnection[] open;
        lock (_connections) open = _connections.ToArray();
        foreach (var connection in open) connection.Close();
    }
}
