namespace HotGears.Engine.Commands;

/// <summary>Error replies worded exactly as Redis 7 words them (server.c shared objects and friends).</summary>
public static class Errors
{
    public static ReadOnlySpan<byte> WrongType => "WRONGTYPE Operation against a key holding the wrong kind of value"u8;
    public static ReadOnlySpan<byte> Syntax => "ERR syntax error"u8;
    public static ReadOnlySpan<byte> NotInteger => "ERR value is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> NotFloat => "ERR value is not a valid float"u8;
    public static ReadOnlySpan<byte> Overflow => "ERR increment or decrement would overflow"u8;
    public static ReadOnlySpan<byte> NoSuchKey => "ERR no such key"u8;
    public static ReadOnlySpan<byte> DbIndexOutOfRange => "ERR DB index is out of range"u8;
    public static ReadOnlySpan<byte> InvalidDbIndex => "ERR invalid DB index"u8;
    public static ReadOnlySpan<byte> OutOfRange => "ERR index out of range"u8;

    // String and bitmap commands (t_string.c, bitops.c).
    public static ReadOnlySpan<byte> DecrementOverflow => "ERR decrement would overflow"u8;
    public static ReadOnlySpan<byte> NaNOrInfinity => "ERR increment would produce NaN or Infinity"u8;
    public static ReadOnlySpan<byte> StringTooLong => "ERR string exceeds maximum allowed size (proto-max-bulk-len)"u8;
    public static ReadOnlySpan<byte> OffsetOutOfRange => "ERR offset is out of range"u8;
    public static ReadOnlySpan<byte> BitOffsetInvalid => "ERR bit offset is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> BitValueInvalid => "ERR bit is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> BitArgumentInvalid => "ERR The bit argument must be 1 or 0."u8;
    public static ReadOnlySpan<byte> BitOpNotArity => "ERR BITOP NOT must be called with a single source key."u8;
    public static ReadOnlySpan<byte> LcsNotStrings => "ERR The specified keys must contain string values"u8;
    public static ReadOnlySpan<byte> LcsLenWithIdx => "ERR If you want both the length and indexes, please just use IDX."u8;
    public static ReadOnlySpan<byte> LcsTableTooLarge => "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"u8;
    public static ReadOnlySpan<byte> LcsTableAllocationFailed => "ERR Insufficient memory, failed allocating transient memory for LCS"u8;

    public static string WrongArity(string fullName) => $"ERR wrong number of arguments for '{fullName}' command";

    public static string InvalidExpireTime(string command) => $"ERR invalid expire time in '{command}' command";
}
