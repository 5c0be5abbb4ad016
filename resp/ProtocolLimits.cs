namespace HotGears.Resp;

/// <summary>The request-size limits Redis enforces while parsing (networking.c).</summary>
public sealed class ProtocolLimits
{
    /// <summary>Longest inline request, and longest `*N` / `$N` header line (PROTO_INLINE_MAX_SIZE).</summary>
    public const int MaxInlineLength = 64 * 1024;

    /// <summary>Largest bulk argument accepted (`proto-max-bulk-len`, 512 MB by default).</summary>
    public long MaxBulkLength { get; set; } = 512L * 1024 * 1024;
}
