namespace HotGears.Scripting.Python;

/// <summary>
/// A reader record on its way through a Python gear. Its dict is built only when Python needs it:
/// a gear of native operations (GB().count()) builds none. A map consumes its input, so the dict
/// built for the call is dropped with it; a callback that passes the record on (filter, foreach,
/// extractor ...) keeps the dict, so a later step sees what the callback changed in it.
/// </summary>
internal sealed class PyRecord(object? engineRecord)
{
    private PyObj? _dict;

    /// <summary>The record's dict, built once and kept (GIL held).</summary>
    public PyObj Materialize() => _dict ??= PyObj.Steal(PyRecords.FromEngine(engineRecord));

    /// <summary>A new reference: the kept dict, or a fresh one for a use that consumes the record (GIL held).</summary>
    public nint NewReference() => _dict != null ? _dict.NewReference() : PyRecords.FromEngine(engineRecord);
}
