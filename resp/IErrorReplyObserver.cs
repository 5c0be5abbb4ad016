namespace HotGears.Resp;

/// <summary>Told about every error reply a <see cref="RespWriter"/> writes (INFO errorstats counts them).</summary>
public interface IErrorReplyObserver
{
    /// <summary><paramref name="code"/> is the error's first word ("ERR", "WRONGTYPE"), at most 32 bytes.</summary>
    void OnErrorReply(ReadOnlySpan<byte> code);
}
