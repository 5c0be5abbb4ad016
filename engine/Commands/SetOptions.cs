using HotGears.Resp;

namespace HotGears.Engine.Commands;

internal enum SetCondition { Always, IfMissing, IfExists }

/// <summary>
/// The options of SET and GETEX (NX XX GET KEEPTTL PERSIST EX PX EXAT PXAT), parsed with the
/// exclusions of Redis's parseExtendedStringArgumentsOrReply.
/// </summary>
internal struct SetOptions
{
    public const int AllowedInSet = 1, AllowedInGetEx = 2;

    public SetCondition Condition;
    public bool Get;
    public bool KeepTtl;
    public bool Persist;

    private Unit _unit;
    private int _expireArg;

    private enum Unit { None, Ex, Px, ExAt, PxAt }

    /// <summary>True when EX, PX, EXAT or PXAT was given.</summary>
    public readonly bool HasExpire => _unit != Unit.None;

    /// <summary>True for EXAT and PXAT, whose time may already be past.</summary>
    public readonly bool IsAbsolute => _unit is Unit.ExAt or Unit.PxAt;

    /// <summary>
    /// Parses the option keywords from <paramref name="first"/> on; replies the syntax error and
    /// returns false when they are invalid. The expire value is checked later, by
    /// <see cref="TryGetExpireAt"/>: GETEX validates it only after finding the key.
    /// </summary>
    public static bool TryParse(Session session, CommandArgs args, int first, int command, out SetOptions options)
    {
        options = default;
        bool isSet = command == AllowedInSet;
        for (int j = first; j < args.Count; j++)
        {
            bool hasNext = j + 1 < args.Count;
            bool anyExpire = options.HasExpire;
            if (isSet && args.Is(j, "NX"u8) && options.Condition != SetCondition.IfExists) options.Condition = SetCondition.IfMissing;
            else if (isSet && args.Is(j, "XX"u8) && options.Condition != SetCondition.IfMissing) options.Condition = SetCondition.IfExists;
            else if (isSet && args.Is(j, "GET"u8)) options.Get = true;
            else if (isSet && args.Is(j, "KEEPTTL"u8) && !anyExpire) options.KeepTtl = true;
            else if (!isSet && args.Is(j, "PERSIST"u8) && !anyExpire) options.Persist = true;
            else if (TryUnit(args, j, out var u) && hasNext && !options.KeepTtl && !options.Persist && (!anyExpire || options._unit == u))
            {
                options._unit = u;
                options._expireArg = ++j;
            }
            else
            {
                session.Reply.WriteError(Errors.Syntax);
                return false;
            }
        }
        return true;
    }

    /// <summary>The absolute expiry the options ask for, in unix ms; replies the error and returns false when it is invalid.</summary>
    public readonly bool TryGetExpireAt(Session session, CommandArgs args, string commandName, out long unixMs) =>
        TryGetExpireAt(session, args[_expireArg], seconds: _unit is Unit.Ex or Unit.ExAt, relative: _unit is Unit.Ex or Unit.Px,
            commandName, out unixMs);

    /// <summary>
    /// Converts an expire argument (seconds or ms, relative to now or absolute) to unix ms, with the
    /// checks and errors of Redis's getExpireMillisecondsOrReply.
    /// </summary>
    public static bool TryGetExpireAt(Session session, ReadOnlySpan<byte> arg, bool seconds, bool relative, string commandName, out long unixMs)
    {
        unixMs = 0;
        if (!RedisNumbers.TryParseInt64(arg, out long value))
        {
            session.Reply.WriteError(Errors.NotInteger);
            return false;
        }
        if (value <= 0 || (seconds && value > long.MaxValue / 1000)) return InvalidExpire(session, commandName);
        long ms = seconds ? value * 1000 : value;
        if (relative)
        {
            long now = session.Server.NowMs;
            if (ms > long.MaxValue - now) return InvalidExpire(session, commandName);
            ms += now;
        }
        unixMs = ms;
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
