using HotGears.Engine.Gears.Readers;
using HotGears.Resp;

namespace HotGears.Engine.Gears.Registrations;

/// <summary>
/// A StreamReader registration: its <see cref="StreamTrigger"/> decides when a batch runs on a
/// stream, and each batch is an execution of this registration (sync: inside the XADD that
/// completed it; async modes: on the registration's queue).
/// </summary>
internal sealed class StreamReaderRegistration : Registration, IStreamBatchRunner
{
    private readonly StreamTrigger _trigger;

    public StreamReaderRegistration(GearsSession session, StepGraph graph, RegisterOptions options) : base(session, graph, options)
    {
        if (options.Mode == ExecutionMode.Sync && options.OnFailedPolicy != OnFailedPolicy.Continue)
            throw new GearsScriptException("ExecutionMode sync can only be combined with OnFailedPolicy Continue");
        _trigger = new StreamTrigger(session.Engine.Server, options, this);
    }

    public override string ReaderName => "StreamReader";

    public StreamRegistrationStatus Status => _trigger.Status;

    protected internal override void Install() => _trigger.Start();

    protected internal override void Uninstall() => _trigger.Stop();

    public override string? Pause()
    {
        _trigger.Pause();
        return null;
    }

    public override string? Unpause()
    {
        _trigger.Resume();
        return null;
    }

    protected override void ClearReaderStats() => _trigger.ResetLag();

    bool IStreamBatchRunner.Run(IRecordSource source, Action<StreamBatchOutcome> done)
    {
        if (Mode == ExecutionMode.Sync)
        {
            var client = Engine.Server.Dispatcher.Current;
            var execution = NewExecution(asyncAllowed: client is { CanBlock: true, InTransaction: false });
            RunSync(execution, source);
            done(Outcome(execution));
        }
        else
        {
            var execution = NewExecution();
            RunAsync(execution, () => source);
            execution.Completion.ContinueWith(_ => done(Outcome(execution)), TaskScheduler.Default);
        }
        return true;
    }

    private static StreamBatchOutcome Outcome(Execution execution) =>
        new(execution.Errors.Count > 0 ? execution.Errors[0] : null, execution.Status == ExecutionStatus.Aborted);

    /// <summary>The common fields, the lag estimates, lastError, args and status: 26 elements.</summary>
    protected override void WriteRegistrationData(RespWriter reply)
    {
        reply.WriteArrayHeader(26);
        WriteCommonStats(reply);
        reply.WriteBulk("lastEstimatedLagMS");
        reply.WriteInteger(_trigger.LastLagMs);
        reply.WriteBulk("avgEstimatedLagMS");
        long finished = NumSuccess + NumFailures + NumAborted;
        reply.WriteDouble(finished == 0 ? 0 : (double)_trigger.TotalLagMs / finished);
        WriteLastError(reply);
        reply.WriteBulk("args");
        WriteArgs(reply);
        reply.WriteBulk("status");
        reply.WriteBulk(_trigger.Status.ToString());
    }

    /// <summary>["batchSize", n, "durationMS", n, "stream", prefix, "trimStream", 0|1, "onFailedPolicy", name, "retryInterval", n].</summary>
    protected override void WriteArgs(RespWriter reply)
    {
        reply.WriteArrayHeader(12);
        reply.WriteBulk("batchSize");
        reply.WriteInteger(Options.Batch);
        reply.WriteBulk("durationMS");
        reply.WriteInteger(Options.DurationMs);
        reply.WriteBulk("stream");
        reply.WriteBulk(Options.Prefix);
        reply.WriteBulk("trimStream");
        reply.WriteInteger(Options.TrimStream ? 1 : 0);
        reply.WriteBulk("onFailedPolicy");
        reply.WriteBulk(Options.OnFailedPolicy.ToString().ToLowerInvariant());
        reply.WriteBulk("retryInterval");
        reply.WriteInteger(Options.OnFailedRetryIntervalSec);
    }
}
