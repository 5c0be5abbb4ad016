using System.Text;
using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests.Resp;

/// <summary>
/// <see cref="RequestParser"/> against Redis 7.0 (networking.c processMultibulkBuffer and
/// processInlineBuffer): exact error texts, the limits, what counts as incomplete.
/// </summary>
public class RequestParserTests
{
    private const int Max = ProtocolLimits.MaxInlineLength;

    private static readonly string[] RedisProtocolErrors =
    [
        "Protocol error: invalid multibulk length", "Protocol error: invalid bulk length",
        "Protocol error: too big inline request", "Protocol error: unbalanced quotes in request",
        "Protocol error: too big mbulk count string", "Protocol error: too big bulk count string",
    ];

    internal static void AssertIsRedisProtocolError(string error)
    {
        if (error.StartsWith("Protocol error: expected '$', got '", StringComparison.Ordinal) && error.Length == 37 && error[^1] == '\'') return;
        Assert.Contains(error, RedisProtocolErrors);
    }

    private sealed record Result(ParseStatus Status, int Consumed, long Needed, string? Error, string[] Args);

    private static Result Parse(byte[] input, ProtocolLimits? limits = null)
    {
        var request = new Request();
        var status = RequestParser.TryParse(input, request, limits ?? new ProtocolLimits(), out int consumed, out long needed, out string? error);
        var args = status == ParseStatus.Complete
            ? ConnectionSimulation.Copy(request.Bind(input)).Select(Encoding.Latin1.GetString).ToArray()
            : [];
        return new Result(status, consumed, needed, error, args);
    }

    private static Result Parse(string input, ProtocolLimits? limits = null) => Parse(Encoding.Latin1.GetBytes(input), limits);

    [Theory]
    [InlineData("*abc\r\n", "invalid multibulk length")]
    [InlineData("*3000000000\r\n", "invalid multibulk length")]
    [InlineData("*2147483648\r\n", "invalid multibulk length")]
    [InlineData("*01\r\n", "invalid multibulk length")]
    [InlineData("*+1\r\n", "invalid multibulk length")]
    [InlineData("*-0\r\n", "invalid multibulk length")]
    [InlineData("* 1\r\n", "invalid multibulk length")]
    [InlineData("*\r\n", "invalid multibulk length")]
    [InlineData("*123456789012345678901\r\n", "invalid multibulk length")]
    [InlineData("*1\r\n$-5\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$-1\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$abc\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$04\r\nPING\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$2000000000\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$99999999999999999999999\r\n", "invalid bulk length")]
    [InlineData("*1\r\nfoo\r\n", "expected '$', got 'f'")]
    [InlineData("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n", "expected '$', got 'f'")]
    [InlineData("*2\r\n$4\r\nPING\r\n*1\r\n", "expected '$', got '*'")]
    [InlineData("*1\r\n\r\n", "expected '$', got ' '")]
    [InlineData("*1\r\n\n\r\n", "expected '$', got ' '")]
    [InlineData("set \"\"\"test-key\"\"\" test-value\r\nping\r\n", "unbalanced quotes in request")]
    [InlineData("PING \"a\"b\r\n", "unbalanced quotes in request")]
    [InlineData("ECHO \"a\r\nPING\r\n", "unbalanced quotes in request")]
    [InlineData("ECHO 'a\n", "unbalanced quotes in request")]
    [InlineData("ECHO \"a\\\"\n", "unbalanced quotes in request")]
    public void BadRequestsFailWithRedisText(string input, string error)
    {
        var result = Parse(input);
        Assert.Equal(ParseStatus.Error, result.Status);
        Assert.Equal("Protocol error: " + error, result.Error);
    }

    /// <summary>Redis waits for more bytes in all of these (its strchr stops at a NUL byte, so a NUL hides the line end).</summary>
    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("*1")]
    [InlineData("*1\r")]
    [InlineData("*1\r\n")]
    [InlineData("*1\r\n$")]
    [InlineData("*1\r\n$4\r")]
    [InlineData("*1\r\nfoo")]
    [InlineData("*1\r\nfoo\r")]
    [InlineData("*1\r\n$4\r\nPING")]
    [InlineData("*1\r\n$4\r\nPING\r")]
    [InlineData("*1\0\r\n$4\r\nPING\r\n")]
    [InlineData("*1\r\n$4\0\r\nPING\r\n")]
    [InlineData("*2147483647\r\n")]
    [InlineData("PING")]
    [InlineData("PING\r")]
    [InlineData("PI\0NG\r\nPING\r\n")]
    [InlineData("ECHO \"a\0b\"\r\n")]
    public void PartialRequestsAreIncomplete(string input)
    {
        Assert.Equal(ParseStatus.Incomplete, Parse(input).Status);
    }

    [Theory]
    [InlineData("*0\r\n", 4)]
    [InlineData("*-1\r\n", 5)]
    [InlineData("*-5\r\nPING\r\n", 5)]
    [InlineData("\r\n", 2)]
    [InlineData("\n", 1)]
    [InlineData(" \t \r\nPING\r\n", 5)]
    public void EmptyRequestsHaveNoArguments(string input, int consumed)
    {
        var result = Parse(input);
        Assert.Equal(ParseStatus.Complete, result.Status);
        Assert.Equal(consumed, result.Consumed);
        Assert.Empty(result.Args);
    }

    [Fact]
    public void MultibulkArgumentsAreBinarySafe()
    {
        var result = Parse("*3\r\n$3\r\nSET\r\n$4\r\nk\r\nx\r\n$3\r\n\0\xff\n\r\nPING\r\n");
        Assert.Equal(ParseStatus.Complete, result.Status);
        Assert.Equal(["SET", "k\r\nx", "\0\xff\n"], result.Args);
        Assert.Equal(32, result.Consumed);
    }

    [Fact]
    public void TheTwoBytesAfterBulkDataAreSkippedUnchecked()
    {
        var outcome = ConnectionSimulation.RunWhole(Encoding.ASCII.GetBytes("*1\r\n$4\r\nPINGxxPING\r\n"));
        Assert.Equal(["PING", "PING"], outcome.Commands.Select(c => Encoding.ASCII.GetString(c[0])));
        Assert.Null(outcome.Error);
    }

    [Fact]
    public void InlineArgumentsAreUnescaped()
    {
        var result = Parse("ECHO \"\\x41\\n\\q\" 'it\\'s' plain\r\n");
        Assert.Equal(["ECHO", "A\nq", "it's", "plain"], result.Args);
        Assert.Equal(Parse("ECHO \"\\x41\\n\\q\" 'it\\'s' plain\n").Args, result.Args);
    }

    [Fact]
    public void ManyArgumentsGrowTheRequest()
    {
        var args = Enumerable.Range(0, 1000).Select(i => Encoding.ASCII.GetBytes($"arg{i}")).ToArray();
        var result = Parse(InProcessClient.Encode(args));
        Assert.Equal(args.Select(Encoding.ASCII.GetString), result.Args);
    }

    [Fact]
    public void NeededIsTheEndOfTheBulkBeingRead()
    {
        var result = Parse("*2\r\n$3\r\nGET\r\n$10\r\nabc");
        Assert.Equal(ParseStatus.Incomplete, result.Status);
        Assert.Equal(13 + 5 + 10 + 2, result.Needed);
    }

    [Fact]
    public void InlineRequestsAreTooBigWhenMoreThanTheLimitWaitsWithoutANewline()
    {
        var line = new string('a', Max);
        Assert.Equal(ParseStatus.Incomplete, Parse(line).Status);
        Assert.Equal("Protocol error: too big inline request", Parse(line + "a").Error);
        Assert.Equal("Protocol error: too big inline request", Parse("PI\0NG\r\n" + line).Error);
    }

    /// <summary>As in Redis, which accepts a 70000-byte PING sent in one write but not one of 200000 bytes.</summary>
    [Fact]
    public void LongLinesPassWhenTheirEndComesWithTheReadThatCrossesTheLimit()
    {
        var line = "PING " + new string('a', Max + 10) + "\r\n";
        var bytes = Encoding.ASCII.GetBytes(line);
        Assert.Equal(["PING", line[5..^2]], Parse(bytes).Args);
        var outcome = ConnectionSimulation.Run([bytes[..(Max + 1)], bytes[(Max + 1)..]]);
        Assert.Equal("Protocol error: too big inline request", outcome.Error);
    }

    [Fact]
    public void CountLinesAreTooBigWhenMoreThanTheLimitWaitsWithoutTheirEnd()
    {
        var digits = new string('1', Max);
        Assert.Equal(ParseStatus.Incomplete, Parse("*" + digits[1..]).Status);
        Assert.Equal("Protocol error: too big mbulk count string", Parse("*" + digits).Error);
        Assert.Equal("Protocol error: invalid multibulk length", Parse("*" + digits + "\r\n").Error);
        Assert.Equal("Protocol error: too big mbulk count string", Parse("*1\0" + digits).Error);

        Assert.Equal(ParseStatus.Incomplete, Parse("*1\r\n$" + digits[1..]).Status);
        Assert.Equal("Protocol error: too big bulk count string", Parse("*1\r\n$" + digits).Error);
        Assert.Equal("Protocol error: invalid bulk length", Parse("*1\r\n$" + digits + "\r\n").Error);
        Assert.Equal("Protocol error: too big bulk count string", Parse("*1\r\nx" + digits).Error);
        Assert.Equal("Protocol error: too big bulk count string", Parse("*1\r\n$4\0" + digits).Error);
    }

    [Fact]
    public void BulkLengthsAboveProtoMaxBulkLenAreInvalid()
    {
        var limits = new ProtocolLimits { MaxBulkLength = 1024 * 1024 };
        var atLimit = Parse("*1\r\n$1048576\r\n", limits);
        Assert.Equal(ParseStatus.Incomplete, atLimit.Status);
        Assert.Equal(4 + 10 + 1048576 + 2, atLimit.Needed);
        Assert.Equal("Protocol error: invalid bulk length", Parse("*1\r\n$1048577\r\n", limits).Error);

        var defaults = new ProtocolLimits();
        Assert.Equal(ParseStatus.Incomplete, Parse("*1\r\n$536870912\r\n", defaults).Status);
        Assert.Equal("Protocol error: invalid bulk length", Parse("*1\r\n$536870913\r\n", defaults).Error);
    }

    [Fact]
    public void ProtoMaxBulkLenSettingIsEnforced()
    {
        using var t = new TestServer();
        Assert.Null(t.Server.Config.Set("proto-max-bulk-len", "1mb"));
        var big = new byte[1024 * 1024 + 1];
        var reply = Assert.Single(t.Client.ExecuteRaw(InProcessClient.Encode("SET"u8.ToArray(), "k"u8.ToArray(), big)));
        Assert.Equal("ERR Protocol error: invalid bulk length", reply.Text);
        Assert.Equal("OK", t.Client.Execute("SET"u8.ToArray(), "k"u8.ToArray(), big[1..]).Text);
    }
}
