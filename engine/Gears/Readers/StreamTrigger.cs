using System.Text;
using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;

namespace HotGears.Engine.Gears.Readers;

/// <summary>StreamReader registration status, as RG.DUMPREGISTRATIONS shows it.</summary>
public enum StreamRegistrationStatus { OK, WAITING_FOR_RETRY_ON_FAILURE, ABORTED, PAUSED }

/// <summary>How a StreamReader batch execution ended, for its trigger to ack, retry or stop.</summary>
public readonly record struct StreamBatchOutcome(string? FirstError, bool Aborted);

/// <summary>Runs one batch execution of a StreamReader registration (the registration's executions, its mode).</summary>
internal interface IStreamBatchRunner
{
    /// <summary>
    /// Starts an execution over <paramref name="source"/> and reports how it ended through
    /// <paramref name="done"/>: before returning for a sync registration, later from another thread otherwise.
    /// False when it could not start (then <paramref name="done"/> is never called).
    /// </summary>
    bool Run(IRecordSource source, Action<StreamBatchOutcome> done);
}

/// <summary>
/// The event side of a StreamReader registration (spec §2.5): follows the streams whose names match
/// its prefix, runs a batch when `batch` entries are waiting or `duration` ms after the first of a
/// partial batch, at most one execution per stream at a time, reading through the Gears consumer
/// group; acks (and trims) what succeeded, and on failure continues, aborts, retries after
/// `onFailedRetryInterval` seconds or pauses (an error starting with "PAUSE"). All its state is
/// guarded by the keyspace lock: events arrive under it, timers and completions take it.
/// </summary>
internal sealed class StreamTrigger : IKeyspaceListener
{
    private const int ScanChunk = 1000;

    private readonly Server _server;
    private readonly StreamAccess _access;
    private readonly IStreamBatchRunner _runner;
    private readonly byte[] _prefix;
    private readonly bool _isPrefix;
    private readonly long _batch, _durationMs, _retryIntervalSec;
    private readonly OnFailedPolicy _policy;
    private readonly bool _trim;
    private Dictionary<string, TrackedStream> _streams = new();
    private Timer? _retry;
    private bool _stopped;

    public StreamTrigger(Server server, RegisterOptions options, IStreamBatchRunner runner)
    {
        _server = server;
        _access = new StreamAccess(server, 0);
        _runner = runner;
        _isPrefix = options.Prefix.EndsWith('*');
        _prefix = Encoding.UTF8.GetBytes(_isPrefix ? options.Prefix[..^1] : options.Prefix);
        _batch = Math.Max(1, options.Batch);
        _durationMs = options.DurationMs;
        _policy = options.OnFailedPolicy;
        _retryIntervalSec = options.OnFailedRetryIntervalSec;
        _trim = options.TrimStream;
    }

    /// <summary>Paused until <see cref="Start"/>, as a new RedisGears registration is until its scan starts.</summary>
    public StreamRegistrationStatus Status { get; private set; } = StreamRegistrationStatus.PAUSED;

    /// <summary>The time from the first event of the last batch to its ack, in ms (lastEstimatedLagMS).</summary>
    public long LastLagMs { get; private set; }

    public long TotalLagMs { get; private set; }

    /// <summary>RG.CLEARREGISTRATIONSSTATS: the lag figures restart.</summary>
    public void ResetLag()
    {
        lock (_server.Lock) LastLagMs = TotalLagMs = 0;
    }

    /// <summary>Starts following events and processes the matching streams that already exist (in the background).</summary>
    public void Start()
    {
        _server.Events.Subscribe(this);
        Resume();
    }

    /// <summary>Unregistered: no more events, timers or batches; executions in flight end on their own.</summary>
    public void Stop()
    {
        _server.Events.Unsubscribe(this);
        lock (_server.Lock)
        {
            _stopped = true;
            _retry?.Dispose();
            Forget();
        }
    }

    /// <summary>RG.PAUSEREGISTRATIONS: stops starting batches until unpaused (a no-op unless running).</summary>
    public void Pause()
    {
        lock (_server.Lock)
        {
            if (Status != StreamRegistrationStatus.OK) return;
            Forget();
            Status = StreamRegistrationStatus.PAUSED;
        }
    }

    /// <summary>RG.UNPAUSEREGISTRATIONS (and a retry): reads every matching stream again from the group's position.</summary>
    public void Resume()
    {
        lock (_server.Lock)
        {
            if (_stopped) return;
            Status = StreamRegistrationStatus.OK;
        }
        Task.Run(ScanExistingStreams);
    }

    public void OnKeyspaceEvent(in KeyspaceEvent e)
    {
        if (e.Db != 0 || Status != StreamRegistrationStatus.OK || e.Name != "xadd" || !Matches(e.Key)) return;
        string key = Encoding.UTF8.GetString(e.Key);
        if (!_streams.TryGetValue(key, out var stream))
        {
            stream = Track(key, knownStart: true);
            if (stream == null) return;
        }
        else
        {
            stream.Pending++;
            // The first entry of each batch dates it, for the lag estimate.
            if (++stream.InBatch == 1) stream.BatchStarts.Enqueue(NowMs());
            if (stream.InBatch == _batch) stream.InBatch = 0;
        }
        if (stream.Running) return;
        if (stream.Pending >= _batch)
        {
            stream.StopTimer();
            Run(stream, _batch, pending: false);
        }
        else if (stream.Timer == null && _durationMs > 0) stream.StartTimer(this, _durationMs);
    }

    /// <summary>Register's prefix rule: a trailing '*' matches by prefix, anything else the exact name.</summary>
    private bool Matches(ReadOnlySpan<byte> key) => _isPrefix ? key.StartsWith(_prefix) : key.SequenceEqual(_prefix);

    /// <summary>
    /// Starts following a stream: its length is what waits, and its first batch re-reads the
    /// entries delivered before but never acked, so that the stream is processed in order.
    /// </summary>
    private TrackedStream? Track(string key, bool knownStart)
    {
        if (_access.Length(Encoding.UTF8.GetBytes(key)) is not { } length) return null;
        var stream = new TrackedStream(key) { Pending = length };
        long start = knownStart ? NowMs() : 0; // 0: unknown, no lag is measured
        for (long i = 0; i < length; i += _batch) stream.BatchStarts.Enqueue(start);
        _streams[key] = stream;
        Run(stream, 0, pending: true);
        return stream;
    }

    /// <summary>
    /// Runs batches on a stream until one goes to the background or nothing needs to run now.
    /// A sync registration's batches complete inside <see cref="IStreamBatchRunner.Run"/>: the
    /// loop, not recursion, takes them one after another however many entries wait.
    /// </summary>
    private void Run(TrackedStream stream, long count, bool pending)
    {
        while (true)
        {
            var source = new StreamGroupSource(_server, _access, stream.Key, count, pending);
            StreamBatchOutcome? inline = null;
            bool started = false;
            stream.Running = true;
            bool ran = _runner.Run(source, outcome =>
            {
                lock (_server.Lock)
                {
                    if (!started) inline = outcome;
                    else if (Completed(stream, source, outcome) is { } next) Run(stream, next, pending: false);
                }
            });
            started = true;
            if (!ran)
            {
                stream.Running = false;
                return;
            }
            if (inline is not { } done) return;
            if (Completed(stream, source, done) is not { } nextCount) return;
            count = nextCount;
            pending = false;
        }
    }

    /// <summary>After a batch: ack and trim, or apply the failure policy; returns the size of the batch to run next, if one is due now.</summary>
    private long? Completed(TrackedStream stream, StreamGroupSource source, StreamBatchOutcome outcome)
    {
        stream.Running = false;
        if (outcome.FirstError is { } error)
        {
            if (error.StartsWith("PAUSE", StringComparison.Ordinal))
            {
                Forget();
                Status = StreamRegistrationStatus.PAUSED;
                return null;
            }
            if (_policy != OnFailedPolicy.Continue)
            {
                // Forget the streams: when (if) the registration runs again it re-reads what is still pending.
                Forget();
                if (_policy == OnFailedPolicy.Abort) Status = StreamRegistrationStatus.ABORTED;
                else if (!_stopped)
                {
                    Status = StreamRegistrationStatus.WAITING_FOR_RETRY_ON_FAILURE;
                    _retry?.Dispose();
                    _retry = new Timer(_ => Resume(), null, _retryIntervalSec * 1000, Timeout.Infinite);
                }
                return null;
            }
        }
        else if (outcome.Aborted) return null;
        if (!source.ReadsPending) MeasureLag(stream);
        AckAndTrim(stream, source);
        return stream.Forgotten || _stopped ? null : NextBatch(stream);
    }

    private void MeasureLag(TrackedStream stream)
    {
        if (!stream.BatchStarts.TryDequeue(out long start))
        {
            // The stream changed behind the registration's back: count its entries again.
            stream.Pending = _access.Length(Encoding.UTF8.GetBytes(stream.Key)) ?? 0;
            return;
        }
        if (start == 0) return;
        LastLagMs = Math.Max(0, NowMs() - start);
        TotalLagMs += LastLagMs;
    }

    private void AckAndTrim(TrackedStream stream, StreamGroupSource source)
    {
        if (source.Ids.Count == 0) return;
        stream.Pending = Math.Max(0, stream.Pending - source.Ids.Count);
        var key = Encoding.UTF8.GetBytes(stream.Key);
        _access.Ack(key, source.Ids);
        if (_trim) _access.TrimToLength(key, stream.Pending);
    }

    /// <summary>The batch to run now on what still waits, or null (arming the duration timer for a partial batch).</summary>
    private long? NextBatch(TrackedStream stream)
    {
        if (stream.Pending == 0) return null;
        if (stream.Pending >= _batch) return _batch;
        long start = stream.BatchStarts.TryPeek(out long first) ? first : 0;
        if (start == 0)
        {
            stream.InBatch = 0; // entries that were there before the events: run them now
            return _batch;
        }
        if (_durationMs == 0) return null;
        long waited = NowMs() - start;
        if (waited >= _durationMs)
        {
            stream.InBatch = 0;
            return _batch;
        }
        stream.StartTimer(this, _durationMs - waited);
        return null;
    }

    /// <summary>The duration of a partial batch passed: run what waits.</summary>
    private void OnTimer(TrackedStream stream)
    {
        lock (_server.Lock)
        {
            stream.Timer?.Dispose();
            stream.Timer = null;
            if (stream.Forgotten || stream.Running || Status != StreamRegistrationStatus.OK) return;
            stream.InBatch = 0;
            Run(stream, _batch, pending: false);
        }
    }

    /// <summary>Drops what the registration knows of its streams (timers included); they are tracked again on their next event or scan.</summary>
    private void Forget()
    {
        foreach (var stream in _streams.Values)
        {
            stream.Forgotten = true;
            stream.StopTimer();
        }
        _streams = new Dictionary<string, TrackedStream>();
    }

    /// <summary>Tracks the matching streams that exist, a chunk of keys per hold of the keyspace lock.</summary>
    private void ScanExistingStreams()
    {
        ulong cursor = 0;
        var found = new List<KeyValuePair<byte[], object>>();
        do
        {
            lock (_server.Lock)
            {
                if (Status != StreamRegistrationStatus.OK) return;
                found.Clear();
                cursor = _server.Databases[0].Scan(cursor, ScanChunk, found);
                foreach (var (keyBytes, value) in found)
                {
                    if (value is not StreamValue || !Matches(keyBytes)) continue;
                    string key = Encoding.UTF8.GetString(keyBytes);
                    if (!_streams.ContainsKey(key)) Track(key, knownStart: false);
                }
            }
        }
        while (cursor != 0);
    }

    private static long NowMs() => Environment.TickCount64;

    /// <summary>What the registration knows of one stream.</summary>
    private sealed class TrackedStream(string key)
    {
        public string Key { get; } = key;

        /// <summary>Entries not acked yet (the stream's length when first tracked, plus the XADDs since, minus the acks).</summary>
        public long Pending { get; set; }

        /// <summary>Entries added since the current partial batch began.</summary>
        public long InBatch { get; set; }

        /// <summary>When each waiting batch began (tick ms; 0: unknown).</summary>
        public Queue<long> BatchStarts { get; } = new();

        public bool Running { get; set; }
        public bool Forgotten { get; set; }
        public Timer? Timer { get; set; }

        public void StartTimer(StreamTrigger trigger, long dueMs) => Timer = new Timer(_ => trigger.OnTimer(this), null, Math.Max(0, dueMs), Timeout.Infinite);

        public void StopTimer()
        {
            Timer?.Dispose();
            Timer = null;
        }
    }
}
