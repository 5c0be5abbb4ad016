using HotGears.Engine.Commands;

namespace HotGears.Engine;

/// <summary>What CLIENT PAUSE holds back, from least to most restrictive.</summary>
public enum PauseKind
{
    Off,
    Write,
    All,
}

/// <summary>
/// CLIENT PAUSE / UNPAUSE (networking.c pauseClients): while a pause lasts, a client's command
/// that it covers (every command, or those that write or may replicate) is not run; the client
/// waits on <see cref="Holds"/>'s task, without a thread, and retries when the pause ends. The
/// client that paused is held back like any other, as in Redis. Called under the keyspace lock.
/// </summary>
public sealed class ClientPause(Server server) : IDisposable
{
    private Timer? _timer;
    private TaskCompletionSource? _ended; // completed when the current pause ends; created by the first waiter

    public PauseKind Kind { get; private set; }

    /// <summary>Unix time in ms when the pause ends.</summary>
    public long EndMs { get; private set; }

    /// <summary>
    /// Pauses until <paramref name="endMs"/>. A pause already in force keeps the more restrictive
    /// kind and the later end, as Redis merges pauses of the same purpose.
    /// </summary>
    public void Pause(long endMs, PauseKind kind)
    {
        ExpireIfDue();
        if (Kind != PauseKind.Off)
        {
            kind = (PauseKind)Math.Max((int)kind, (int)Kind);
            endMs = Math.Max(endMs, EndMs);
        }
        long remaining = endMs - NowMs();
        if (remaining < 0) return; // already over (a timeout of 0)
        Kind = kind;
        EndMs = endMs;
        (_timer ??= new Timer(_ => OnTimer())).Change(Math.Min(remaining, int.MaxValue - 1), Timeout.Infinite);
    }

    public void Unpause()
    {
        if (Kind == PauseKind.Off) return;
        Kind = PauseKind.Off;
        _timer?.Change(Timeout.Infinite, Timeout.Infinite);
        _ended?.SetResult();
        _ended = null;
    }

    /// <summary>The task to wait for before <paramref name="command"/> may run; null when it may run now.</summary>
    public Task? Holds(CommandDefinition command)
    {
        if (Kind == PauseKind.Off || ExpireIfDue()) return null;
        if (Kind == PauseKind.Write && !command.Has(CommandFlags.Write | CommandFlags.May_Replicate)) return null;
        return (_ended ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    /// <summary>Ends a pause whose time is up (the timer may not have fired yet); true if it did.</summary>
    private bool ExpireIfDue()
    {
        if (Kind == PauseKind.Off || EndMs >= NowMs()) return false;
        Unpause();
        return true;
    }

    private void OnTimer()
    {
        lock (server.Lock)
        {
            if (Kind == PauseKind.Off) return;
            long remaining = EndMs - NowMs();
            if (remaining < 0) Unpause();
            else _timer?.Change(remaining + 1, Timeout.Infinite); // woken early (the pause was extended)
        }
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public void Dispose() => _timer?.Dispose();
}
