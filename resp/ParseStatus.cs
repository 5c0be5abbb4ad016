namespace HotGears.Resp;

public enum ParseStatus
{
    /// <summary>A whole request was parsed (it may hold no arguments: an empty line or `*0`).</summary>
    Complete,
    /// <summary>The bytes end inside a request; read more and parse again from the same start.</summary>
    Incomplete,
    /// <summary>The bytes break the protocol; reply the error and close the connection.</summary>
    Error,
}
