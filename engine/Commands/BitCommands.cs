using System.Runtime.CompilerServices;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// Single-bit access to strings (bitops.c): SETBIT and GETBIT. Bit 0 is the most significant
/// bit of the first byte; a string grows, zero-padded, to hold the bit being set.
/// </summary>
internal static partial class BitCommands
{
    [Command("SETBIT", 4, Flags = "write denyoom", FirstKey = 1, LastKey = 1, Step = 1, Group = "bitmap",
        Summary = "Sets or clears the bit at offset in the string value stored at key", Since = "2.2.0", Complexity = "O(1)",
        Syntax = "key offset value:integer")]
    public static void SetBit(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (!TryParseBitOffset(session, args[2], out long offset)) return;
        if (!RedisNumbers.TryParseInt64(args[3], out long on) || (on & ~1L) != 0)
        {
            reply.WriteError(Errors.BitValueInvalid);
            return;
        }
        var db = session.Db;
        long byteIndex = offset >> 3;
        ref object slot = ref db.Find(args[1]);
        byte[] value;
        bool grown;
        if (Unsafe.IsNullRef(ref slot))
        {
            value = new byte[byteIndex + 1];
            db.Set(args[1], value);
            grown = true;
        }
        else
        {
            if (slot is not byte[] existing)
            {
                reply.WriteError(Errors.WrongType);
                return;
            }
            value = StringCommands.Grow(existing, byteIndex + 1);
            grown = value != existing;
            slot = value;
        }

        int shift = 7 - (int)(offset & 7);
        int old = (value[byteIndex] >> shift) & 1;
        // Like Redis 7.0.15, `setbit` fires only when the string changed (created, grown or bit flipped).
        if (grown || old != on)
        {
            value[byteIndex] = (byte)((value[byteIndex] & ~(1 << shift)) | (int)(on << shift));
            session.Server.Events.Notify(NotifyFlags.String, "setbit", args[1], db.Index);
        }
        reply.WriteInteger(old);
    }

    [Command("GETBIT", 3, Flags = "readonly fast", FirstKey = 1, LastKey = 1, Step = 1, Group = "bitmap",
        Summary = "Returns the bit value at offset in the string value stored at key", Since = "2.2.0", Complexity = "O(1)",
        Syntax = "key offset")]
    public static void GetBit(Session session, CommandArgs args)
    {
        if (!TryParseBitOffset(session, args[2], out long offset)) return;
        switch (session.Db.LookupRead(args[1]))
        {
            case null:
                session.Reply.WriteInteger(0);
                break;
            case byte[] value:
                long byteIndex = offset >> 3;
                session.Reply.WriteInteger(byteIndex < value.Length ? (value[byteIndex] >> (7 - (int)(offset & 7))) & 1 : 0);
                break;
            default:
                session.Reply.WriteError(Errors.WrongType);
                break;
        }
    }

    /// <summary>A bit offset: a non-negative integer whose byte fits in the longest allowed string.</summary>
    private static bool TryParseBitOffset(Session session, ReadOnlySpan<byte> arg, out long offset)
    {
        if (RedisNumbers.TryParseInt64(arg, out offset) && offset >= 0 && (offset >> 3) < StringCommands.MaxStringLength(session.Server))
            return true;
        session.Reply.WriteError(Errors.BitOffsetInvalid);
        return false;
    }
}
