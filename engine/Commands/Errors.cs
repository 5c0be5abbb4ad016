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

    public static string WrongArity(string fullName) => $"ERR wrong number of arguments for '{fullName}' command";

    /// <summary>
    /// A subcommand given a number of arguments its arity lets through but it refuses
    /// (addReplySubcommandSyntaxError). Both names were resolved, so they are short and printed as typed.
    /// </summary>
    public static string SubcommandSyntax(CommandArgs args) =>
        $"ERR unknown subcommand or wrong number of arguments for '{args.GetString(1)}'. Try {args.GetString(0).ToUpperInvariant()} HELP.";

    /// <summary>getRangeLongFromObjectOrReply's complaint (its wording, "must between", included).</summary>
    public static string ValueOutOfRange(long min, long max) => $"ERR value is out of range, value must between {min} and {max}";

    public static string InvalidExpireTime(string command) => $"ERR invalid expire time in '{command}' command";
}
