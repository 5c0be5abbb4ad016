using System.Text;
using FsCheck;
using FsCheck.Fluent;
using HotGears.Resp;

namespace HotGears.Tests.Resp;

/// <summary><see cref="RedisNumbers.TryParseInt64"/> accepts exactly what string2ll accepts.</summary>
public class RedisNumbersTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-1", -1L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void ParsesCanonicalIntegers(string text, long expected)
    {
        Assert.True(RedisNumbers.TryParseInt64(Encoding.ASCII.GetBytes(text), out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("-0")]
    [InlineData("+1")]
    [InlineData("01")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.0")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("18446744073709551616")]
    [InlineData("000000000000000000001")]
    public void RejectsAnythingElse(string text)
    {
        Assert.False(RedisNumbers.TryParseInt64(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void EveryLongRoundTripsThroughItsDecimalText()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<long>(), n =>
            RedisNumbers.TryParseInt64(Encoding.ASCII.GetBytes(n.ToString()), out long parsed) && parsed == n).QuickCheckThrowOnFailure();
    }
}
