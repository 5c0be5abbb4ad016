using System.Numerics;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>BITOP AND|OR|XOR|NOT destkey key [key ...]: missing keys and short strings count as zero bytes.</summary>
internal static partial class BitCommands
{
    private enum BitOperation { And, Or, Xor, Not }

    [Command("BITOP", -4, Flags = "write denyoom", FirstKey = 2, LastKey = -1, Step = 1, Group = "bitmap",
        Summary = "Perform bitwise operations between strings", Since = "2.6.0", Complexity = "O(N)",
        Syntax = "operation destkey key [key ...]")]
    public static void BitOp(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        BitOperation op;
        if (args.Is(1, "AND"u8)) op = BitOperation.And;
        else if (args.Is(1, "OR"u8)) op = BitOperation.Or;
        else if (args.Is(1, "XOR"u8)) op = BitOperation.Xor;
        else if (args.Is(1, "NOT"u8)) op = BitOperation.Not;
        else
        {
            reply.WriteError(Errors.Syntax);
            return;
        }
        if (op == BitOperation.Not && args.Count != 4)
        {
            reply.WriteError(Errors.BitOpNotArity);
            return;
        }

        var db = session.Db;
        var sources = new byte[args.Count - 3][];
        int maxLength = 0;
        for (int i = 0; i < sources.Length; i++)
        {
            switch (db.LookupRead(args[i + 3]))
            {
                case null: sources[i] = []; break;
                case byte[] value: sources[i] = value; break;
                default:
                    reply.WriteError(Errors.WrongType);
                    return;
            }
            maxLength = Math.Max(maxLength, sources[i].Length);
        }

        var destination = args[2];
        if (maxLength > 0)
        {
            db.Set(destination, Compute(op, sources, maxLength));
            session.Server.Events.Notify(NotifyFlags.String, "set", destination, db.Index);
        }
        else if (db.Delete(destination))
        {
            session.Server.Events.Notify(NotifyFlags.Generic, "del", destination, db.Index);
        }
        reply.WriteInteger(maxLength);
    }

    private static byte[] Compute(BitOperation op, byte[][] sources, int length)
    {
        var result = new byte[length];
        sources[0].CopyTo(result, 0);
        if (op == BitOperation.Not)
        {
            Apply(result, result, op);
            return result;
        }
        for (int i = 1; i < sources.Length; i++)
        {
            Apply(result, sources[i], op);
            // Past the end of a shorter source its bytes are zero: x|0 and x^0 keep x, x&0 clears it.
            if (op == BitOperation.And) result.AsSpan(sources[i].Length).Clear();
        }
        return result;
    }

    /// <summary>result[i] = result[i] op source[i] over the source's length (NOT ignores result's bytes).</summary>
    private static void Apply(Span<byte> result, ReadOnlySpan<byte> source, BitOperation op)
    {
        int i = 0;
        int width = Vector<byte>.Count;
        for (; i <= source.Length - width; i += width)
        {
            var a = new Vector<byte>(result[i..]);
            var b = new Vector<byte>(source[i..]);
            var combined = op switch
            {
                BitOperation.And => a & b,
                BitOperation.Or => a | b,
                BitOperation.Xor => a ^ b,
                _ => ~b,
            };
            combined.CopyTo(result[i..]);
        }
        for (; i < source.Length; i++)
        {
            result[i] = op switch
            {
                BitOperation.And => (byte)(result[i] & source[i]),
                BitOperation.Or => (byte)(result[i] | source[i]),
                BitOperation.Xor => (byte)(result[i] ^ source[i]),
                _ => (byte)~source[i],
            };
        }
    }
}
