using HotGears.Resp;

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
    public static ReadOnlySpan<byte> SameObject => "ERR source and destination objects are the same"u8;
    public static ReadOnlySpan<byte> InvalidCursor => "ERR invalid cursor"u8;
    public static ReadOnlySpan<byte> ValueOutOfRange => "ERR value is out of range"u8;
    public static ReadOnlySpan<byte> MustBePositive => "ERR value is out of range, must be positive"u8;
    public static ReadOnlySpan<byte> HashValueNotInteger => "ERR hash value is not an integer"u8;
    public static ReadOnlySpan<byte> HashValueNotFloat => "ERR hash value is not a float"u8;
    public static ReadOnlySpan<byte> NaNOrInfinity => "ERR value is NaN or Infinity"u8;
    public static ReadOnlySpan<byte> WouldProduceNaNOrInfinity => "ERR increment would produce NaN or Infinity"u8;
    public static ReadOnlySpan<byte> NumKeysNotPositive => "ERR numkeys should be greater than 0"u8;
    public static ReadOnlySpan<byte> NumKeysTooMany => "ERR Number of keys can't be greater than number of args"u8;
    public static ReadOnlySpan<byte> LimitNegative => "ERR LIMIT can't be negative"u8;
    public static ReadOnlySpan<byte> XxAndNx => "ERR XX and NX options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> GtLtNx => "ERR GT, LT, and/or NX options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> IncrSinglePair => "ERR INCR option supports a single increment-element pair"u8;
    public static ReadOnlySpan<byte> ScoreNaN => "ERR resulting score is not a number (NaN)"u8;
    public static ReadOnlySpan<byte> MinMaxNotFloat => "ERR min or max is not a float"u8;
    public static ReadOnlySpan<byte> MinMaxNotLexItem => "ERR min or max not valid string range item"u8;
    public static ReadOnlySpan<byte> WeightNotFloat => "ERR weight value is not a float"u8;
    public static ReadOnlySpan<byte> CountNotPositive => "ERR count should be greater than 0"u8;
    public static ReadOnlySpan<byte> LimitNeedsByScoreOrByLex =>
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"u8;
    public static ReadOnlySpan<byte> WithScoresWithByLex => "ERR syntax error, WITHSCORES not supported in combination with BYLEX"u8;

    /// <summary>ZUNION/ZINTER/ZDIFF and their STORE forms given a key count below 1.</summary>
    public static string AtLeastOneInputKey(string command) => $"ERR at least 1 input key is needed for '{command}' command";

    /// <summary>getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX) refusing LONG_MIN (SRANDMEMBER, HRANDFIELD counts).</summary>
    public static ReadOnlySpan<byte> CountOutOfRange =>
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"u8;

    // String and bitmap commands (t_string.c, bitops.c).
    public static ReadOnlySpan<byte> DecrementOverflow => "ERR decrement would overflow"u8;
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

    /// <summary>
    /// A subcommand given a number of arguments its arity lets through but it refuses
    /// (addReplySubcommandSyntaxError). Both names were resolved, so they are short and printed as typed.
    /// </summary>
    public static string SubcommandSyntax(CommandArgs args) =>
        $"ERR unknown subcommand or wrong number of arguments for '{args.GetString(1)}'. Try {args.GetString(0).ToUpperInvariant()} HELP.";

    /// <summary>getRangeLongFromObjectOrReply's complaint (its wording, "must between", included).</summary>
    public static string ValueOutOfRangeBetween(long min, long max) => $"ERR value is out of range, value must between {min} and {max}";
    public static ReadOnlySpan<byte> NoAuth => "NOAUTH Authentication required."u8;
    public static ReadOnlySpan<byte> WrongPass => "WRONGPASS invalid username-password pair or user is disabled."u8;
    public static ReadOnlySpan<byte> InvalidClientName => "ERR Client names cannot contain spaces, newlines or special characters."u8;

    /// <summary>A subcommand given a form it does not take (Redis addReplySubcommandSyntaxError).</summary>
    public static string SubcommandSyntax(string command, string subcommand) =>
        $"ERR unknown subcommand or wrong number of arguments for '{(subcommand.Length > 128 ? subcommand[..128] : subcommand)}'. " +
        $"Try {command.ToUpperInvariant()} HELP.";

    public static string InvalidExpireTime(string command) => $"ERR invalid expire time in '{command}' command";
}
