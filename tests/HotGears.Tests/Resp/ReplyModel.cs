using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using HotGears.Resp;

namespace HotGears.Tests.Resp;

/// <summary>
/// A reply as a command builds it with <see cref="RespWriter"/>, and what a client must read back
/// in RESP2 and in RESP3. Used to check the writer against <see cref="RespValueReader"/>.
/// </summary>
public abstract record Reply
{
    public abstract void WriteTo(RespWriter writer);

    /// <summary>What a client reading <paramref name="protocol"/> (2 or 3) sees.</summary>
    public abstract RespValue Expected(int protocol);

    public sealed record Bulk(byte[] Value) : Reply
    {
        public override void WriteTo(RespWriter writer) => writer.WriteBulk(Value);
        public override RespValue Expected(int protocol) => new(RespType.BulkString, Value);
    }

    public sealed record Simple(string Text) : Reply
    {
        public override void WriteTo(RespWriter writer) => writer.WriteSimpleString(Text);
        public override RespValue Expected(int protocol) => new(RespType.SimpleString, Encoding.UTF8.GetBytes(Text));
    }

    public sealed record Error(string Text) : Reply
    {
        public override void WriteTo(RespWriter writer) => writer.WriteError(Text);
        public override RespValue Expected(int protocol) => new(RespType.Error, Encoding.UTF8.GetBytes(Text));
    }

    public sealed record Integer(long Value) : Reply
    {
        public override void WriteTo(RespWriter writer) => writer.WriteInteger(Value);
        public override RespValue Expected(int protocol) => new(RespType.Integer, Integer: Value);
    }

    /// <summary>A missing value, or (<paramref name="IsArray"/>) a missing aggregate.</summary>
    public sealed record Null(bool IsArray) : Reply
    {
        public override void WriteTo(RespWriter writer)
        {
            if (IsArray) writer.WriteNullArray();
            else writer.WriteNull();
        }

        public override RespValue Expected(int protocol) => RespValue.NullValue;
    }

    public sealed record Double(double Value) : Reply
    {
        public override void WriteTo(RespWriter writer) => writer.WriteDouble(Value);

        public override RespValue Expected(int protocol) => protocol == 3
            ? new RespValue(RespType.Double, Double: Value)
            : new RespValue(RespType.BulkString, Formatted(Value));

        public static byte[] Formatted(double value)
        {
            var text = new byte[32];
            return text[..RespWriter.FormatDouble(value, text)];
        }
    }

    public sealed record Boolean(bool Value) : Reply
    {
        public override void WriteTo(RespWriter writer) => writer.WriteBoolean(Value);
        public override RespValue Expected(int protocol) => new(protocol == 3 ? RespType.Boolean : RespType.Integer, Integer: Value ? 1 : 0);
    }

    public sealed record Verbatim(string Text) : Reply
    {
        public override void WriteTo(RespWriter writer) => writer.WriteVerbatim(Text);

        public override RespValue Expected(int protocol) => protocol == 3
            ? new RespValue(RespType.Verbatim, Encoding.UTF8.GetBytes("txt:" + Text))
            : new RespValue(RespType.BulkString, Encoding.UTF8.GetBytes(Text));
    }

    /// <summary>An array, map (items alternate key, value), set or push message.</summary>
    public sealed record Aggregate(RespType Kind, Reply[] Items) : Reply
    {
        public override void WriteTo(RespWriter writer)
        {
            switch (Kind)
            {
                case RespType.Array: writer.WriteArrayHeader(Items.Length); break;
                case RespType.Map: writer.WriteMapHeader(Items.Length / 2); break;
                case RespType.Set: writer.WriteSetHeader(Items.Length); break;
                case RespType.Push: writer.WritePushHeader(Items.Length); break;
                default: throw new InvalidOperationException(Kind.ToString());
            }
            foreach (var item in Items) item.WriteTo(writer);
        }

        public override RespValue Expected(int protocol) =>
            new(protocol == 3 ? Kind : RespType.Array, Items: Items.Select(i => i.Expected(protocol)).ToList());
    }

    /// <summary>
    /// A canonical text of a value read back, for exact comparisons: doubles by their bits (any NaN
    /// alike, -0 apart from 0), bytes in hex.
    /// </summary>
    public static string Canonical(RespValue value)
    {
        var text = new StringBuilder(value.Type.ToString());
        switch (value.Type)
        {
            case RespType.Integer or RespType.Boolean:
                text.Append(':').Append(value.Integer);
                break;
            case RespType.Double:
                text.Append(':').Append(double.IsNaN(value.Double) ? "NaN" : BitConverter.DoubleToInt64Bits(value.Double).ToString("x16", CultureInfo.InvariantCulture));
                break;
            case RespType.Null:
                break;
            case RespType.Array or RespType.Map or RespType.Set or RespType.Push or RespType.Attribute:
                text.Append('[').AppendJoin(", ", value.Items!.Select(Canonical)).Append(']');
                break;
            default:
                text.Append(':').Append(Convert.ToHexString(value.Bytes!));
                break;
        }
        return text.ToString();
    }
}

/// <summary>FsCheck generators of <see cref="Reply"/> trees.</summary>
public static class Replies
{
    private static readonly long[] EdgeIntegers = [0, 1, -1, 9, 10, -10, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, long.MinValue + 1];

    private static readonly double[] EdgeDoubles =
    [
        0.0, -0.0, 1.0, -1.5, 0.1, 1e17, 1e-5, 3.14159, double.Epsilon, double.MaxValue, double.MinValue,
        double.PositiveInfinity, double.NegativeInfinity, double.NaN, 9007199254740993.0,
    ];

    private static Gen<string> Line(string alphabet) =>
        Gen.Choose(0, 30).SelectMany(n => Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), n)).Select(c => new string(c));

    private static Gen<long> AnyLong =>
        Gen.Frequency((1, Gen.Elements(EdgeIntegers)), (3, ArbMap.Default.GeneratorFor<long>()), (1, Gen.Choose(-1000, 1000).Select(i => (long)i)));

    private static Gen<double> AnyDouble =>
        Gen.Frequency(
            (1, Gen.Elements(EdgeDoubles)),
            (2, ArbMap.Default.GeneratorFor<double>()),
            (2, Gen.Two(Gen.Choose(int.MinValue, int.MaxValue)).Select(t => BitConverter.Int64BitsToDouble(((long)t.Item1 << 32) | (uint)t.Item2))));

    private static Gen<byte[]> AnyBytes(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    public static Gen<Reply> Leaf =>
        Gen.OneOf(
            AnyBytes(64).Select(b => (Reply)new Reply.Bulk(b)),
            Line("abcXYZ 012-+:_").Select(s => (Reply)new Reply.Simple(s)),
            Line("abc XYZ'\"").Select(s => (Reply)new Reply.Error("ERR " + s)),
            AnyLong.Select(v => (Reply)new Reply.Integer(v)),
            Gen.Elements(true, false).Select(a => (Reply)new Reply.Null(a)),
            AnyDouble.Select(d => (Reply)new Reply.Double(d)),
            Gen.Elements(true, false).Select(b => (Reply)new Reply.Boolean(b)),
            Line("abc\r\n\t é€x").Select(s => (Reply)new Reply.Verbatim(s)));

    public static Gen<Reply> Tree(int depth) =>
        depth == 0
            ? Leaf
            : Gen.Frequency(
                (3, Leaf),
                (1, from kind in Gen.Elements(RespType.Array, RespType.Map, RespType.Set, RespType.Push)
                    from count in Gen.Choose(0, 6)
                    from items in Gen.ArrayOf(Tree(depth - 1), kind == RespType.Map ? count * 2 : count)
                    select (Reply)new Reply.Aggregate(kind, items)));

    public static Gen<Reply> Any => Tree(3);
}
