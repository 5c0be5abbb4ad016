namespace HotGears.Resp;

/// <summary>Where one argument of a request lies, relative to the start of the bytes it was parsed from.</summary>
public readonly record struct ArgRange(int Start, int Length);
