using System.Buffers.Binary;
using HotGears.Engine.Keyspace;
using HotGears.Resp;

namespace HotGears.Engine.Persistence;

/// <summary>
/// The payload of DUMP and RESTORE, in Redis's format (cluster.c createDumpPayload, rdb.c): one
/// RDB-serialized value, the RDB version (2 bytes, little-endian) and a CRC64 of everything
/// before it (8 bytes, little-endian). Values are written in the plain RDB encodings every Redis
/// loads (string, list, set, zset with binary scores, hash); reading also accepts the compact
/// encodings Redis 7 writes (intset, listpacks, quicklist) and LZF-compressed strings.
/// </summary>
public static class DumpPayload
{
    /// <summary>RDB_VERSION of Redis 7.0: payloads of a later version are refused.</summary>
    public const int RdbVersion = 10;

    private const byte TypeString = 0, TypeList = 1, TypeSet = 2, TypeZSet = 3, TypeHash = 4, TypeZSet2 = 5,
        TypeSetIntset = 11, TypeHashListpack = 16, TypeZSetListpack = 17, TypeListQuicklist2 = 18;

    /// <summary>The payload of a value, or null for a type this server cannot serialize (streams).</summary>
    public static byte[]? Create(object value)
    {
        var output = new List<byte>();
        switch (value)
        {
            case byte[] text:
                output.Add(TypeString);
                WriteString(output, text);
                break;
            case ListValue list:
                output.Add(TypeList);
                WriteLength(output, (ulong)list.Count);
                for (int i = 0; i < list.Count; i++) WriteString(output, list[i]);
                break;
            case SetValue set:
                output.Add(TypeSet);
                WriteLength(output, (ulong)set.Count);
                foreach (var member in set) WriteString(output, member);
                break;
            case SortedSetValue zset:
                output.Add(TypeZSet2);
                WriteLength(output, (ulong)zset.Count);
                Span<byte> score = stackalloc byte[8];
                for (var at = zset.At(0); at.IsValid; at.MoveNext())
                {
                    WriteString(output, at.Current.Member);
                    BinaryPrimitives.WriteDoubleLittleEndian(score, at.Current.Score);
                    output.AddRange(score);
                }
                break;
            case HashValue hash:
                output.Add(TypeHash);
                WriteLength(output, (ulong)hash.Count);
                foreach (var entry in hash)
                {
                    WriteString(output, entry.Field);
                    WriteString(output, entry.Value);
                }
                break;
            default:
                return null;
        }
        Span<byte> footer = stackalloc byte[10];
        BinaryPrimitives.WriteUInt16LittleEndian(footer, RdbVersion);
        output.AddRange(footer[..2]);
        var bytes = output.ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(footer[2..], Crc64.Compute(bytes));
        output.AddRange(footer[2..]);
        return output.ToArray();
    }

    /// <summary>verifyDumpPayload: a known RDB version and a matching checksum.</summary>
    public static bool Verify(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 10) return false;
        var footer = payload[^10..];
        if (BinaryPrimitives.ReadUInt16LittleEndian(footer) > RdbVersion) return false;
        return Crc64.Compute(payload[..^8]) == BinaryPrimitives.ReadUInt64LittleEndian(footer[2..]);
    }

    /// <summary>The value a verified payload holds, or null when its data is malformed or empty ("Bad data format").</summary>
    public static object? TryLoad(ReadOnlySpan<byte> payload, ServerConfig config)
    {
        var reader = new Reader(payload[..^10]);
        try
        {
            object? value = reader.ReadValue(config);
            return reader.AtEnd ? value : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void WriteLength(List<byte> output, ulong length)
    {
        if (length < 1 << 6) output.Add((byte)length);
        else if (length < 1 << 14)
        {
            output.Add((byte)(0x40 | (length >> 8)));
            output.Add((byte)length);
        }
        else if (length <= uint.MaxValue)
        {
            output.Add(0x80);
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)length);
            output.AddRange(bytes);
        }
        else
        {
            output.Add(0x81);
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, length);
            output.AddRange(bytes);
        }
    }

    /// <summary>rdbSaveRawString without compression: short integers in their integer encodings, as Redis writes them.</summary>
    private static void WriteString(List<byte> output, ReadOnlySpan<byte> text)
    {
        if (text.Length <= 11 && RedisNumbers.TryParseInt64(text, out long n) && n >= int.MinValue && n <= int.MaxValue)
        {
            if (n is >= sbyte.MinValue and <= sbyte.MaxValue)
            {
                output.Add(0xC0);
                output.Add((byte)(sbyte)n);
                return;
            }
            Span<byte> bytes = stackalloc byte[4];
            if (n is >= short.MinValue and <= short.MaxValue)
            {
                output.Add(0xC1);
                BinaryPrimitives.WriteInt16LittleEndian(bytes, (short)n);
                output.AddRange(bytes[..2]);
                return;
            }
            output.Add(0xC2);
            BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)n);
            output.AddRange(bytes);
            return;
        }
        WriteLength(output, (ulong)text.Length);
        output.AddRange(text);
    }

    /// <summary>Reads RDB data (rdbLoadObject); malformed input throws <see cref="FormatException"/>.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public readonly bool AtEnd => _at == _data.Length;

        public object? ReadValue(ServerConfig config)
        {
            byte type = ReadByte();
            switch (type)
            {
                case TypeString:
                    return ReadString();
                case TypeList:
                {
                    var list = new ListValue();
                    for (ulong i = ReadLength(); i > 0; i--) list.Push(ReadString(), ListEnd.Right);
                    return list.Count == 0 ? null : list;
                }
                case TypeListQuicklist2:
                {
                    var list = new ListValue();
                    for (ulong nodes = ReadLength(); nodes > 0; nodes--)
                    {
                        ulong container = ReadLength();
                        byte[] blob = ReadString();
                        if (container == 1) list.Push(blob, ListEnd.Right); // a plain node: one big element
                        else foreach (var item in ReadListpack(blob)) list.Push(item, ListEnd.Right);
                    }
                    return list.Count == 0 ? null : list;
                }
                case TypeSet:
                {
                    var set = new SetValue();
                    for (ulong i = ReadLength(); i > 0; i--)
                        if (!set.Add(ReadString())) throw new FormatException("duplicate set member");
                    return set.Count == 0 ? null : set;
                }
                case TypeSetIntset:
                    return ReadIntset(ReadString());
                case TypeZSet:
                case TypeZSet2:
                {
                    var zset = new SortedSetValue(config.ZSetListpack);
                    for (ulong i = ReadLength(); i > 0; i--)
                    {
                        byte[] member = ReadString();
                        double score = type == TypeZSet2 ? BinaryPrimitives.ReadDoubleLittleEndian(Take(8)) : ReadTextScore();
                        if (double.IsNaN(score) || !zset.Set(member, score)) throw new FormatException("bad zset entry");
                    }
                    return zset.Count == 0 ? null : zset;
                }
                case TypeZSetListpack:
                {
                    var items = ReadListpack(ReadString());
                    if (items.Count % 2 != 0) throw new FormatException("odd zset listpack");
                    var zset = new SortedSetValue(config.ZSetListpack);
                    for (int i = 0; i < items.Count; i += 2)
                        if (!RedisDouble.TryParse(items[i + 1], out double score) || !zset.Set(items[i], score))
                            throw new FormatException("bad zset entry");
                    return zset.Count == 0 ? null : zset;
                }
                case TypeHash:
                {
                    var hash = new HashValue();
                    for (ulong i = ReadLength(); i > 0; i--)
                        if (!hash.Set(ReadString(), ReadString(), config.HashListpack)) throw new FormatException("duplicate hash field");
                    return hash.Count == 0 ? null : hash;
                }
                case TypeHashListpack:
                {
                    var items = ReadListpack(ReadString());
                    if (items.Count % 2 != 0) throw new FormatException("odd hash listpack");
                    var hash = new HashValue();
                    for (int i = 0; i < items.Count; i += 2)
                        if (!hash.Set(items[i], items[i + 1], config.HashListpack)) throw new FormatException("duplicate hash field");
                    return hash.Count == 0 ? null : hash;
                }
                default:
                    throw new FormatException("unsupported RDB type");
            }
        }

        private static List<byte[]> ReadListpack(byte[] blob) => Listpack.TryRead(blob) ?? throw new FormatException("bad listpack");

        private static SetValue ReadIntset(byte[] blob)
        {
            if (blob.Length < 8) throw new FormatException("short intset");
            uint width = BinaryPrimitives.ReadUInt32LittleEndian(blob);
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4));
            if (width is not (2 or 4 or 8) || 8 + (long)width * count != blob.Length || count == 0) throw new FormatException("bad intset");
            var set = new SetValue();
            for (int i = 0; i < count; i++)
            {
                var raw = blob.AsSpan(8 + i * (int)width, (int)width);
                long n = width switch
                {
                    2 => BinaryPrimitives.ReadInt16LittleEndian(raw),
                    4 => BinaryPrimitives.ReadInt32LittleEndian(raw),
                    _ => BinaryPrimitives.ReadInt64LittleEndian(raw),
                };
                if (!set.Add(System.Text.Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                    throw new FormatException("duplicate intset member");
            }
            return set;
        }

        /// <summary>RDB_TYPE_ZSET's score: a length byte then the text (253 nan, 254 +inf, 255 -inf).</summary>
        private double ReadTextScore()
        {
            byte length = ReadByte();
            return length switch
            {
                253 => double.NaN,
                254 => double.PositiveInfinity,
                255 => double.NegativeInfinity,
                _ => RedisDouble.TryParse(Take(length), out double score) ? score : throw new FormatException("bad score"),
            };
        }

        private byte ReadByte() => Take(1)[0];

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || _at + count > _data.Length) throw new FormatException("truncated");
            var slice = _data.Slice(_at, count);
            _at += count;
            return slice;
        }

        private ulong ReadLength() => ReadLength(out bool encoded) is var length && !encoded ? length : throw new FormatException("unexpected encoding");

        /// <summary>rdbLoadLen: 6, 14, 32 or 64 bits; <paramref name="encoded"/> for the special string encodings (11xxxxxx).</summary>
        private ulong ReadLength(out bool encoded)
        {
            byte first = ReadByte();
            encoded = false;
            switch (first >> 6)
            {
                case 0: return (ulong)(first & 0x3F);
                case 1: return (ulong)(((first & 0x3F) << 8) | ReadByte());
                case 3:
                    encoded = true;
                    return (ulong)(first & 0x3F);
            }
            if (first == 0x80) return BinaryPrimitives.ReadUInt32BigEndian(Take(4));
            if (first == 0x81) return BinaryPrimitives.ReadUInt64BigEndian(Take(8));
            throw new FormatException("bad length");
        }

        private byte[] ReadString()
        {
            ulong length = ReadLength(out bool encoded);
            if (!encoded)
            {
                if (length > int.MaxValue) throw new FormatException("string too long");
                return Take((int)length).ToArray();
            }
            long n;
            switch (length)
            {
                case 0: n = (sbyte)ReadByte(); break;
                case 1: n = BinaryPrimitives.ReadInt16LittleEndian(Take(2)); break;
                case 2: n = BinaryPrimitives.ReadInt32LittleEndian(Take(4)); break;
                case 3:
                {
                    ulong compressed = ReadLength(), plain = ReadLength();
                    if (compressed > int.MaxValue || plain > int.MaxValue) throw new FormatException("string too long");
                    var output = new byte[plain];
                    if (!Lzf.TryDecompress(Take((int)compressed), output)) throw new FormatException("bad LZF data");
                    return output;
                }
                default: throw new FormatException("unknown string encoding");
            }
            return System.Text.Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
