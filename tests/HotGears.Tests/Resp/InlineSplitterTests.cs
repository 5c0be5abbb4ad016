using System.Text;
using HotGears.Resp;

namespace HotGears.Tests.Resp;

/// <summary><see cref="InlineSplitter"/> against sdssplitargs (results checked on redis-server 7.0.15 with inline RPUSH).</summary>
public class InlineSplitterTests
{
    [Theory]
    [InlineData("set \"foo bar\" 'baz qux'", new[] { "set", "foo bar", "baz qux" })]
    [InlineData("\"\\x41\\x4a\\x4A\"", new[] { "AJJ" })]
    [InlineData("\"\\x4g\"", new[] { "x4g" })]
    [InlineData("\"\\x4\"", new[] { "x4" })]
    [InlineData("\"\\xff\\x00z\"", new[] { "\xff\0z" })]
    [InlineData("\"a\\\"b\"", new[] { "a\"b" })]
    [InlineData("'a\\'b'", new[] { "a'b" })]
    [InlineData("'a\\nb'", new[] { "a\\nb" })]
    [InlineData("'a\\\\b'", new[] { "a\\\\b" })]
    [InlineData("\"\\n\\r\\t\\b\\a\\\\\"", new[] { "\n\r\t\b\a\\" })]
    [InlineData("\"\\q\\\"\\''\"", new[] { "q\"''" })]
    [InlineData("a\"b c\"", new[] { "ab c" })]
    [InlineData("\"\"", new[] { "" })]
    [InlineData("'' \"\"", new[] { "", "" })]
    [InlineData("   ", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("'a'\t'b'", new[] { "a", "b" })]
    [InlineData("\"a\"   ", new[] { "a" })]
    [InlineData("\vfoo", new[] { "foo" })]
    [InlineData("foo\vbar", new[] { "foo\vbar" })]
    [InlineData("a\tb  c", new[] { "a", "b", "c" })]
    [InlineData("a\0b c", new[] { "a" })]
    public void SplitsLikeSdssplitargs(string line, string[] expected)
    {
        var request = new Request();
        Assert.True(InlineSplitter.Split(Encoding.Latin1.GetBytes(line), request));
        Assert.True(request.IsInline);
        Assert.Equal(expected, ConnectionSimulation.Copy(request.Bind(default)).Select(Encoding.Latin1.GetString));
    }

    [Theory]
    [InlineData("a\"b c\"d")]
    [InlineData("\"foo\"bar")]
    [InlineData("\"abc")]
    [InlineData("'abc")]
    [InlineData("\"abc\\\"")]
    [InlineData("\"abc\\")]
    [InlineData("'it''s'")]
    public void UnbalancedQuotesFail(string line)
    {
        Assert.False(InlineSplitter.Split(Encoding.Latin1.GetBytes(line), new Request()));
        Assert.Null(InlineSplitter.Split(line));
    }

    [Fact]
    public void StringFormSplitsConfigLines()
    {
        Assert.Equal(["save", "900 1", "x"], InlineSplitter.Split("save \"900 1\" x"));
        Assert.Equal(["é"], InlineSplitter.Split("'é'"));
    }
}
