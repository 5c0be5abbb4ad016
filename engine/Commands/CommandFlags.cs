namespace HotGears.Engine.Commands;

/// <summary>Command flags as Redis names them in COMMAND INFO (the lowercase enum name is the wire name).</summary>
[Flags]
public enum CommandFlags
{
    None = 0,
    Write = 1 << 0,
    Readonly = 1 << 1,
    Denyoom = 1 << 2,
    Admin = 1 << 3,
    Pubsub = 1 << 4,
    Noscript = 1 << 5,
    Blocking = 1 << 6,
    Loading = 1 << 7,
    Stale = 1 << 8,
    Skip_Monitor = 1 << 9,
    Skip_Slowlog = 1 << 10,
    Fast = 1 << 11,
    No_Auth = 1 << 12,
    May_Replicate = 1 << 13,
    No_Mandatory_Keys = 1 << 14,
    No_Multi = 1 << 15,
    Allow_Busy = 1 << 16,
    Movablekeys = 1 << 17,
}
