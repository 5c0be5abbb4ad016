using System.Buffers;
using HotGears.Resp;

namespace HotGears.Engine.Gears;

/// <summary>
/// The client gears' execute() runs commands as (one per thread): commands go straight to the
/// dispatcher as argument views (no RESP encoding of the request), under the keyspace lock
/// (re-entrant), and the reply is read back as a value. As RM_Call, it may not block: blocking
/// commands answer as timed out, and gears refuse to run from it.
/// </summary>
internal sealed class GearsCommandClient : IClientTransport
{
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly ArrayBufferWriter<byte> _request = new();
    private ArgRange[] _ranges = new ArgRange[8];

    public GearsCommandClient(Server server)
    {
        Server = server;
        // IgnoresCommandHooks: as RedisGears' NOSELF command filter, and no hook loops back into gears.
        lock (server.Lock) Session = new Session(server, new RespWriter(_output), this) { NeverBlocks = true, IgnoresCommandHooks = true };
    }

    public Server Server { get; }
    public Session Session { get; }
    public string RemoteAddress => "gears:0";
    public string LocalAddress => "gears:0";
    public long FileDescriptor => -1;
    public long QueryBufferLength => 0;
    public long QueryBufferFree => 0;
    public long PendingOutputBytes => 0;

    /// <summary>Messages published to this client are not kept: it never subscribes.</summary>
    public void Push(byte[] message) { }

    public void Close() { }

    /// <summary>Runs one command; its reply as a value (see <see cref="GearsBuiltins.FromReply"/>).</summary>
    public RespValue Execute(ReadOnlySpan<byte> command, object?[] args, Func<object?, byte[]> toArgument)
    {
        _request.ResetWrittenCount();
        if (_ranges.Length < args.Length + 1) _ranges = new ArgRange[Math.Max(args.Length + 1, _ranges.Length * 2)];
        Append(0, command);
        for (int i = 0; i < args.Length; i++) Append(i + 1, args[i] is byte[] raw ? raw : toArgument(args[i]));
        _output.ResetWrittenCount();
        lock (Server.Lock)
        {
            Server.Dispatcher.Execute(Session, new CommandArgs(_request.WrittenSpan, _ranges.AsSpan(0, args.Length + 1)));
        }
        var replies = RespValueReader.ReadAll(_output.WrittenSpan);
        return replies.Count == 1 ? replies[0] : new RespValue(RespType.Array, Items: replies);
    }

    private void Append(int index, ReadOnlySpan<byte> arg)
    {
        _ranges[index] = new ArgRange(_request.WrittenCount, arg.Length);
        _request.Write(arg);
    }
}
