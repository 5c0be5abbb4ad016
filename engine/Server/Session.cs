using HotGears.Engine.Blocking;
using HotGears.Engine.Keyspace;
using HotGears.Engine.Transactions;
using HotGears.Resp;

namespace HotGears.Engine;

/// <summary>The state of one client: selected database, protocol, name, subscriptions.</summary>
public sealed class Session
{
    public Session(Server server, RespWriter reply, IClientTransport transport)
    {
        Server = server;
        Reply = reply;
        Transport = transport;
        Id = server.Clients.NextId();
        Db = server.Databases[0];
        // The real clock: the cached command time may be old when no command ran for a while,
        // and a new client must not look idle to the `timeout` check.
        CreatedAtMs = LastInteractionMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Authenticated = server.Config.RequirePass.Length == 0;
        reply.ErrorObserver = server.ErrorStats;
        Transaction = new Transaction(this);
    }

    public long Id { get; }
    public Server Server { get; }
    public RespWriter Reply { get; }
    public IClientTransport Transport { get; }

    /// <summary>The selected database (SELECT).</summary>
    public Database Db { get; set; }

    /// <summary>CLIENT SETNAME; null when unset.</summary>
    public string? Name { get; set; }

    public long CreatedAtMs { get; }
    public long LastInteractionMs { get; set; }

    /// <summary>Full name of the last command run, for CLIENT LIST's cmd field.</summary>
    public string LastCommand { get; set; } = "NULL";

    /// <summary>RESP version in use: 2 or 3 (HELLO).</summary>
    public int Protocol
    {
        get => Reply.Protocol;
        set => Reply.Protocol = value;
    }

    /// <summary>
    /// Whether the client may run commands that need authentication: true from the start when no
    /// `requirepass` is set (the default user has no password), else after AUTH or HELLO AUTH.
    /// </summary>
    public bool Authenticated { get; set; }

    /// <summary>CLIENT NO-EVICT: shown as flag 'e' in CLIENT LIST.</summary>
    public bool NoEvict { get; set; }

    /// <summary>MULTI/EXEC state and WATCHed keys.</summary>
    public Transaction Transaction { get; }

    /// <summary>
    /// Between MULTI and the end of EXEC. Commands only run in that state from EXEC: a blocking
    /// command (BLPOP ...) must then answer as if its timeout had passed instead of blocking.
    /// </summary>
    public bool InTransaction => Transaction.Active;

    /// <summary>The error replies already counted in command statistics (see Dispatcher.Call).</summary>
    internal long ErrorsAccounted { get; set; }

    private List<int>? _redacted;

    /// <summary>Hides argument <paramref name="index"/> of the running command from the slow log (passwords).</summary>
    public void RedactArgument(int index) => (_redacted ??= new()).Add(index);

    internal bool IsRedacted(int index) => _redacted?.Contains(index) == true;

    internal void ClearRedactions() => _redacted?.Clear();

    /// <summary>
    /// RESET: back to the state of a new connection (database 0, RESP2, no name, no subscriptions,
    /// authenticated only if no password is required), as Redis's clearClientConnectionState.
    /// </summary>
    public void ResetConnectionState()
    {
        Transaction.Discard();
        Db = Server.Databases[0];
        Protocol = 2;
        Name = null;
        Authenticated = Server.Config.RequirePass.Length == 0;
        _repliesOff = _skipNextReply = false;
        Reply.Silenced = _skipThisReply;
        Server.PubSub.RemoveSession(this);
    }

    private bool _repliesOff, _skipThisReply, _skipNextReply;

    /// <summary>
    /// CLIENT REPLY ON|OFF|SKIP (Redis's CLIENT_REPLY_OFF / _SKIP_NEXT / _SKIP flags). ON takes
    /// effect at once, so its own OK is sent; SKIP, ignored while replies are off, silences the
    /// next command. Pushes (pub/sub) are delivered whatever the mode.
    /// </summary>
    public void SetReplyMode(ReplyMode mode)
    {
        switch (mode)
        {
            case ReplyMode.On:
                _repliesOff = _skipThisReply = false;
                break;
            case ReplyMode.Off:
                _repliesOff = true;
                break;
            case ReplyMode.Skip:
                if (!_repliesOff) _skipNextReply = true;
                break;
        }
        Reply.Silenced = _repliesOff || _skipThisReply;
    }

    /// <summary>Called after every command, run or rejected: a pending SKIP now covers the next one.</summary>
    internal void EndCommandReply()
    {
        if (!(_skipThisReply || _skipNextReply)) return;
        _skipThisReply = _skipNextReply;
        _skipNextReply = false;
        Reply.Silenced = _repliesOff || _skipThisReply;
    }

    /// <summary>
    /// Set on the sessions the Gears engine runs its own commands in (execute()): command hooks
    /// (<see cref="Commands.ICommandInterceptor"/>) leave their commands alone, as RedisGears's
    /// command filter ignores the module's own calls (NOSELF).
    /// </summary>
    public bool IgnoresCommandHooks { get; set; }

    /// <summary>Set by QUIT and by errors that end the connection: the host closes it once the replies are written.</summary>
    public bool CloseAfterReply { get; set; }

    /// <summary>Channels this client subscribed to (byte strings compared by content).</summary>
    public HashSet<byte[]> Channels { get; } = new(ByteArrayComparer.Instance);

    /// <summary>Patterns this client subscribed to.</summary>
    public HashSet<byte[]> Patterns { get; } = new(ByteArrayComparer.Instance);

    /// <summary>Shard channels this client subscribed to (SSUBSCRIBE).</summary>
    public HashSet<byte[]> ShardChannels { get; } = new(ByteArrayComparer.Instance);

    /// <summary>All subscriptions; a RESP2 client with any is in subscribed mode (Redis's CLIENT_PUBSUB flag).</summary>
    public int SubscriptionCount => Channels.Count + Patterns.Count + ShardChannels.Count;

    /// <summary>
    /// Whether a blocking command may block this client: not while MULTI/EXEC runs its commands
    /// (the transaction stays active until they are done), nor for a session that
    /// <see cref="NeverBlocks"/>; a blocking command then replies as if it had timed out.
    /// </summary>
    public bool CanBlock => !NeverBlocks && !Transaction.Active;

    /// <summary>For in-process callers that cannot wait for a blocked command (scripts, gears' execute()).</summary>
    public bool NeverBlocks { get; set; }

    /// <summary>The client's wait while a blocking command has it blocked, else null.</summary>
    internal BlockedClient? Blocked { get; set; }

    /// <summary>True while a blocking command waits: the connection runs no further requests meanwhile.</summary>
    public bool IsBlocked => Blocked != null;

    /// <summary>
    /// While <see cref="IsBlocked"/>: completes when the client is unblocked (served, timed out,
    /// CLIENT UNBLOCK) with the reply bytes, which the connection must then write to its output
    /// (they were kept aside meanwhile). Read it under the keyspace lock, await it outside.
    /// </summary>
    public Task<ReadOnlyMemory<byte>> WhenUnblocked =>
        Blocked?.Unblocked.Task ?? throw new InvalidOperationException("the client is not blocked");

    /// <summary>
    /// Blocks this client on keys of its database (see <see cref="BlockingRegistry"/>): called by a
    /// blocking command that found nothing, instead of replying. <paramref name="deadlineMs"/> is
    /// unix ms, 0 for no timeout.
    /// </summary>
    public void Block(byte[][] keys, long deadlineMs, BlockedRetry retry) => Server.Blocking.Block(this, keys, deadlineMs, retry);

    /// <summary>
    /// Delivers an out-of-band message: written in place when this client is the one executing
    /// (so it precedes the reply of the command that caused it, as in Redis), queued otherwise.
    /// </summary>
    public void Deliver(byte[] message)
    {
        if (Server.Dispatcher.Current == this) Reply.WritePush(message);
        else Transport.Push(message);
    }
}
