using System.Buffers;
using System.Text;
using HotGears.Resp;

namespace HotGears.Engine;

/// <summary>
/// A client that lives inside the server: it runs commands through the same dispatcher as a
/// network client and reads the replies back as values. Used by in-process callers (Gears'
/// execute(), tests, benchmarks). Pushed messages (pub/sub) are collected in <see cref="Pushed"/>.
/// </summary>
public sealed class InProcessClient : IClientTransport
{
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly Request _request = new();
    private readonly List<byte[]> _pushed = new();

    public InProcessClient(Server server)
    {
        Server = server;
        lock (server.Lock) Session = new Session(server, new RespWriter(_output), this);
    }

    public Server Server { get; }
    public Session Session { get; }
    public string RemoteAddress => "in-process:0";
    public string LocalAddress => "in-process:0";
    public long FileDescriptor => -1;
    public long PendingOutputBytes => 0;
    public long QueryBufferLength => 0;
    public long QueryBufferFree => 0;
    public bool Closed { get; private set; }

    /// <summary>Out-of-band messages received so far, as RESP bytes.</summary>
    public IReadOnlyList<byte[]> Pushed => _pushed;

    public void Push(byte[] message)
    {
        lock (_pushed) _pushed.Add(message);
    }

    public void Close() => Closed = true;

    /// <summary>
    /// Runs one command under the keyspace lock and returns its reply (or replies, for pub/sub
    /// commands). A blocking command that blocks waits here until it is served or times out.
    /// </summary>
    public RespValue Execute(params string[] args) => Execute(args.Select(Encoding.UTF8.GetBytes).ToArray());

    public RespValue Execute(params byte[][] args) => ExecuteAsync(args).GetAwaiter().GetResult();

    /// <summary>
    /// As <see cref="Execute(string[])"/>, without waiting for a blocked command: the task completes
    /// once another client's command (or the timeout) unblocks it.
    /// </summary>
    public Task<RespValue> ExecuteAsync(params string[] args) => ExecuteAsync(args.Select(Encoding.UTF8.GetBytes).ToArray());

    public async Task<RespValue> ExecuteAsync(params byte[][] args)
    {
        var replies = await ExecuteRawAsync(Encode(args));
        return replies.Count == 1 ? replies[0] : new RespValue(RespType.Array, Items: replies);
    }

    /// <summary>Runs every request in <paramref name="requestBytes"/>, as one network read would, and returns all replies.</summary>
    public List<RespValue> ExecuteRaw(ReadOnlySpan<byte> requestBytes) => ExecuteRawAsync(requestBytes.ToArray()).GetAwaiter().GetResult();

    /// <summary>
    /// As <see cref="ExecuteRaw"/>; a request that blocks the client holds back the ones after it
    /// until it is unblocked, as on a connection.
    /// </summary>
    public async Task<List<RespValue>> ExecuteRawAsync(byte[] requestBytes)
    {
        _output.ResetWrittenCount();
        int offset = 0;
        while (true)
        {
            Task<ReadOnlyMemory<byte>>? unblocked;
            lock (Server.Lock)
            {
                offset = RunUntilBlocked(requestBytes, offset);
                unblocked = Session.IsBlocked ? Session.WhenUnblocked : null;
            }
            if (unblocked == null) break;
            _output.Write((await unblocked).Span);
        }
        return RespValueReader.ReadAll(_output.WrittenSpan);
    }

    /// <summary>
    /// Runs every request in <paramref name="requestBytes"/> and returns the reply bytes, valid until
    /// the next call. Allocates nothing in steady state (benchmarks, allocation tests); the
    /// requests must not block.
    /// </summary>
    public ReadOnlySpan<byte> Run(ReadOnlySpan<byte> requestBytes)
    {
        _output.ResetWrittenCount();
        lock (Server.Lock) RunUntilBlocked(requestBytes, 0);
        return _output.WrittenSpan;
    }

    /// <summary>Runs requests from <paramref name="offset"/> until the input ends or one blocks the client; returns where it stopped.</summary>
    private int RunUntilBlocked(ReadOnlySpan<byte> requestBytes, int offset)
    {
        while (offset < requestBytes.Length && !Session.IsBlocked)
        {
            var remaining = requestBytes[offset..];
            var status = RequestParser.TryParse(remaining, _request, Server.Config.Limits, out int consumed, out _, out string? error);
            if (status == ParseStatus.Error)
            {
                Session.Reply.WriteError("ERR " + error);
                return requestBytes.Length;
            }
            if (status == ParseStatus.Incomplete) throw new ArgumentException("incomplete request", nameof(requestBytes));
            if (_request.Count > 0) Server.Dispatcher.Execute(Session, _request.Bind(remaining));
            offset += consumed;
        }
        return offset;
    }

    /// <summary>Encodes a command as a RESP multibulk request (arguments in UTF-8).</summary>
    public static byte[] Encode(params string[] args) => Encode(args.Select(Encoding.UTF8.GetBytes).ToArray());

    /// <summary>Encodes a command as a RESP multibulk request.</summary>
    public static byte[] Encode(params byte[][] args)
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes($"*{args.Length}\r\n"));
        foreach (var arg in args)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes($"${arg.Length}\r\n"));
            bytes.AddRange(arg);
            bytes.AddRange("\r\n"u8.ToArray());
        }
        return bytes.ToArray();
    }
}
