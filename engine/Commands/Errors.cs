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
    public static ReadOnlySpan<byte> NoAuth => "NOAUTH Authentication required."u8;
    public static ReadOnlySpan<byte> WrongPass => "WRONGPASS invalid username-password pair or user is disabled."u8;
    public static ReadOnlySpan<byte> InvalidClientName => "ERR Client names cannot contain spaces, newlines or special characters."u8;

    public static string WrongArity(string fullName) => $"ERR wrong number of arguments for '{fullName}' command";

    /// <summary>A subcommand given a form it does not take (Redis addReplySubcommandSyntaxError).</summary>
    public static string SubcommandSyntax(string command, string subcommand) =>
        $"ERR unknown subcommand or wrong number of arguments for '{(subcommand.Length > 128 ? subcommand[..128] : subcommand)}'. " +
        $"Try {command.ToUpperInvariant()} HELP.";

    public static string InvalidExpireTime(string command) => $"ERR invalid expire time in '{command}' command";
}
