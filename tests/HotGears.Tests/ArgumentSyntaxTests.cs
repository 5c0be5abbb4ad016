using HotGears.Engine.Commands;

namespace HotGears.Tests;

public class ArgumentSyntaxTests
{
    /// <summary>A compact rendering: name:type, then token, flags, key spec index and parts when present.</summary>
    private static string Show(ArgumentSpec a)
    {
        var text = $"{a.Name}:{a.TypeName}";
        if (a.Token != null) text += $" token={a.Token}";
        if (a.Flags != ArgumentFlags.None) text += " " + string.Join(",", a.FlagNames());
        if (a.KeySpecIndex >= 0) text += $" ks={a.KeySpecIndex}";
        if (a.Arguments.Count > 0) text += " {" + string.Join("; ", a.Arguments.Select(Show)) + "}";
        return text;
    }

    private static string Parse(string syntax) => string.Join(" | ", ArgumentSyntax.Parse(syntax).Select(Show));

    [Fact]
    public void ValuesTakeTheirTypeFromTheirName()
    {
        Assert.Equal("key:key ks=0 | seconds:integer | value:string", Parse("key seconds value"));
        Assert.Equal("cursor:integer | pattern:pattern | unix-time-seconds:unix-time | latitude:double",
            Parse("cursor pattern unix-time-seconds latitude"));
        Assert.Equal("source:key ks=0 | destination:key ks=1 | member:string", Parse("source destination member"));
    }

    [Fact]
    public void ATypeSuffixOverridesTheDerivedType()
    {
        Assert.Equal("key:key ks=0 | increment:double", Parse("key increment:double"));
        Assert.Equal("ip:port:string", Parse("ip:port"));
        Assert.Throws<FormatException>(() => Parse("value:oneof"));
    }

    [Fact]
    public void CapitalsAreTokensOfTheNextValueOrPureTokens()
    {
        Assert.Equal("pattern:pattern token=MATCH optional | count:integer token=COUNT optional | withvalues:pure-token token=WITHVALUES optional",
            Parse("[MATCH pattern] [COUNT count] [WITHVALUES]"));
        Assert.Equal("replace:pure-token token=REPLACE | key:key token=KEEP ks=0", Parse("REPLACE KEEP key"));
        Assert.Equal("nosave:pure-token token=NOSAVE | now:pure-token token=NOW optional", Parse("NOSAVE [NOW]"));
    }

    [Fact]
    public void RepetitionIdiomsFoldIntoMultipleArguments()
    {
        Assert.Equal("key:key multiple ks=0", Parse("key [key ...]"));
        Assert.Equal("channel:string optional,multiple", Parse("[channel [channel ...]]"));
        Assert.Equal("channel:string multiple", Parse("channel ..."));
        Assert.Equal("key_value:block multiple {key:key ks=0; value:string}", Parse("key value [key value ...]"));
        Assert.Equal("key:key ks=0 | field_value:block multiple {field:string; value:string}",
            Parse("key field value [field value ...]"));
        Assert.Equal("pattern:pattern token=GET optional,multiple,multiple_token", Parse("[GET pattern [GET pattern ...]]"));
        Assert.Equal("prefix:string token=PREFIX optional,multiple", Parse("[PREFIX prefix [prefix ...]]"));
        Assert.Equal("member:string optional,multiple", Parse("[member ...]"));
    }

    [Fact]
    public void AlternativesBecomeOneofsNamedAfterTheirPartsOrALabel()
    {
        Assert.Equal("nx_xx:oneof optional {nx:pure-token token=NX; xx:pure-token token=XX}", Parse("[NX | XX]"));
        Assert.Equal("condition:oneof optional {nx:pure-token token=NX; xx:pure-token token=XX}", Parse("condition:[NX | XX]"));
        Assert.Equal("enabled:oneof {on:pure-token token=ON; off:pure-token token=OFF}", Parse("enabled:(ON | OFF)"));
        Assert.Equal(
            "key:key ks=0 | expiration:oneof optional {seconds:integer token=EX; unix-time-milliseconds:unix-time token=PXAT; persist:pure-token token=PERSIST}",
            Parse("key expiration:[EX seconds | PXAT unix-time-milliseconds | PERSIST]"));
    }

    [Fact]
    public void BlocksTakeTheTokenTheyStartWith()
    {
        Assert.Equal("password:string token=AUTH optional", Parse("[AUTH password]"));
        Assert.Equal("username_password:block token=AUTH2 optional {username:string; password:string}",
            Parse("[AUTH2 username password]"));
        Assert.Equal("offset_count:block token=LIMIT {offset:integer; count:integer}", Parse("(LIMIT offset count)"));
    }

    [Fact]
    public void GroupsNest()
    {
        Assert.Equal(
            "key:key ks=0 | index:block optional {start:integer; end:integer; index_unit:oneof optional {byte:pure-token token=BYTE; bit:pure-token token=BIT}}",
            Parse("key index:[start end index_unit:[BYTE | BIT]]"));
        Assert.Equal(
            "filter:oneof {ip:port:string; new-format:oneof multiple {client-id:integer token=ID optional; " +
            "type:oneof token=TYPE optional {normal:pure-token token=NORMAL; pubsub:pure-token token=PUBSUB}; " +
            "yes/no:string token=SKIPME optional}}",
            Parse("filter:(ip:port | new-format:([ID client-id] | [TYPE type:(NORMAL | PUBSUB)] | [SKIPME yes/no] ...))"));
        Assert.Equal("arguments:block optional {protover:integer; username_password:block token=AUTH optional {username:string; password:string}}",
            Parse("arguments:[protover [AUTH username password]]"));
    }

    [Fact]
    public void KeysAreNumberedInOrderOfAppearance()
    {
        Assert.Equal("destination:key ks=0 | numkeys:integer | key:key multiple ks=1", Parse("destination numkeys key [key ...]"));
        Assert.Equal("key_value:block multiple {key:key ks=0; value:string}", Parse("(key value) ..."));
    }

    [Theory]
    [InlineData("[key")]
    [InlineData("key]")]
    [InlineData("[]")]
    [InlineData("a | b")]
    [InlineData("... key")]
    [InlineData("TYPE (EX seconds) (x)")]
    public void MalformedSyntaxIsRejected(string syntax) => Assert.Throws<FormatException>(() => ArgumentSyntax.Parse(syntax));

    [Fact]
    public void EmptySyntaxMeansNoArguments() => Assert.Empty(ArgumentSyntax.Parse(""));
}
