namespace HotGears.Engine;

/// <summary>The modes of CLIENT REPLY.</summary>
public enum ReplyMode
{
    On,
    Off,
    Skip,
}
