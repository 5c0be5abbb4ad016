using HotGears.Resp;

namespace HotGears.Engine.Commands;

internal enum SetCondition { Always, IfMissing, IfExists }

/// <summary>
/// The options of SET and GETEX (NX XX GET KEEPTTL PERSIST EX PX EXAT PXAT), parsed with the
/// exclusions and error precedence of Redis's parseExtendedStringArgumentsOrReply.
/// </summary>
internal struct SetOptions
{
    public const int AllowedInSet = 1, AllowedInGetEx = 2;

    public SetCondition Condition;
    public bool Get;
    public bool KeepTtl;
    public bool Persist;

    /// <summary>Absolute expiry in unix ms, or -1 when no expiry option was given.</summary>
    public long ExpireAtMs;

    private enum Unit { None, Ex, Px, ExAt, PxAt }

    /// <summary>Parses options from <paramref name="first"/> on; replies the error and returns false when they are invalid.</summary>
    public static bool TryParse(Session session, CommandArgs args, int first, int command, string commandName, out SetOptions options)
    {
        options = new SetOptions { ExpireAtMs = -1 };
        bool isSet = command == AllowedInSet;
        var unit = Unit.None;
        int expireArg = -1;
        for (int j = first; j < args.Count; j++)
        {
            bool hasNext = j + 1 < args.Count;
            bool anyExpire = unit != Unit.None;
            if (isSet && args.Is(j, "NX"u8) && options.Condition != SetCondition.IfExists) options.Condition = SetCondition.IfMissing;
            else if (isSet && args.Is(j, "XX"u8) && options.Condition != SetCondition.IfMissing) options.Condition = SetCondition.IfExists;
            else if (isSet && args.Is(j, "GET"u8)) options.Get = true;
            else if (isSet && args.Is(j, "KEEPTTL"u8) && !anyExpire) options.KeepTtl = true;
            else if (!isSet && args.Is(j, "PERSIST"u8) && !anyExpire) options.Persist = true;
            else if (TryUnit(args, j, out var u) && hasNext && !options.KeepTtl && !options.Persist && (unit == Unit.None || unit == u))
            {
                unit = u;
                expireArg = ++j;
            }
            else
            {
                session.Reply.WriteError(Errors.Syntax);
                return false;
            }
        }
        if (unit == Unit.None) return true;

        if (!RedisNumbers.TryParseInt64(args[expireArg], out long value))
        {
            session.Reply.WriteError(Errors.NotInteger);
            return false;
        }
        bool seconds = unit is Unit.Ex or Unit.ExAt;
        if (value <= 0 || (seconds && value > long.MaxValue / 1000)) return InvalidExpire(session, commandName);
        long ms = seconds ? value * 1000 : value;
        if (unit is Unit.Ex or Unit.Px)
        {
            long now = session.Server.NowMs;
            if (ms > long.MaxValue - now) return InvalidExpire(session, commandName);
            ms += now;
        }
        options.ExpireAtMs = ms;
        return true;
    }

    private static bool TryUnit(CommandArgs args, int j, out Unit unit)
    {
        unit = args.Is(j, "EX"u8) ? Unit.Ex : args.Is(j, "PX"u8) ? Unit.Px : args.Is(j, "EXAT"u8) ? Unit.ExAt : args.Is(j, "PXAT"u8) ? Unit.PxAt : Unit.None;
        return unit != Unit.None;
    }

    private static bool InvalidExpire(Session session, string commandName)
    {
        session.Reply.WriteError(Errors.InvalidExpireTime(commandName));
        return false;
    }
}
