using System.Text;
using HotGears.Engine;

namespace HotGears.Tests;

/// <summary>string2ld and ld2string(human) as redis-server 7.0.15 on x86-64 answers them (checked side by side).</summary>
public class RedisFloatTests
{
    [Theory]
    [InlineData("1.", "1")]
    [InlineData("+.5", "0.5")]
    [InlineData(".5e1", "5")]
    [InlineData("-0", "0")]
    [InlineData("0e99999", "0")]
    [InlineData("00012.50", "12.5")]
    [InlineData("-0x1.8p3", "-12")]
    [InlineData("3.0000000000000000001", "3")]
    [InlineData("1.23456789012345678901234567890", "1.23456789012345679")]
    [InlineData("0.000003814697265625", "0.00000381469726562")]
    [InlineData("1e20", "100000000000000000000")]
    public void ParsesAndFormatsLikeRedis(string text, string formatted)
    {
        Assert.True(RedisFloat.TryParseLongDouble(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(formatted, Encoding.ASCII.GetString(RedisFloat.FormatLongDouble(value)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1e")]
    [InlineData("e5")]
    [InlineData("0x")]
    [InlineData("1e+")]
    [InlineData("nan")]
    [InlineData("1e99999")]
    [InlineData("1e-99999")]
    [InlineData("1e4933")]
    public void RefusesWhatString2ldRefuses(string text) =>
        Assert.False(RedisFloat.TryParseLongDouble(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void AddsWithLongDoubleRounding()
    {
        RedisFloat.TryParseLongDouble("0.2"u8, out var a);
        RedisFloat.TryParseLongDouble("0.1"u8, out var b);
        Assert.Equal("0.3", Encoding.ASCII.GetString(RedisFloat.FormatLongDouble(a + b)));
        Assert.True((LongDouble.Infinity(false) + LongDouble.Infinity(true)).IsNaN);
        Assert.Equal("-7", Encoding.ASCII.GetString(RedisFloat.FormatLongDouble(LongDouble.FromInt64(-7))));
    }
}
