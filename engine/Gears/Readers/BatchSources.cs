namespace HotGears.Engine.Gears.Readers;

/// <summary>The reader of a run() (spec §2.3, §2.5): a factory, called when the execution starts, of its record source.</summary>
internal static class BatchSources
{
    /// <summary>
    /// Checks that the reader can run (throws <see cref="GearsScriptException"/> otherwise) and
    /// returns the factory of its source.
    /// </summary>
    public static Func<IRecordSource> Factory(Server server, StepGraph graph, RunOptions options)
    {
        string arg = options.Arg ?? graph.DefaultArg;
        switch (graph.Reader)
        {
            case ReaderKind.KeysReader:
                return () => new KeysBatchSource(server, arg, options.NoScan, keysOnly: false, options.ReadValue);
            case ReaderKind.KeysOnlyReader:
                return () =>
                {
                    var (pattern, noScan) = (arg, options.NoScan);
                    if (options.PatternGenerator is { } generate)
                        using (graph.Language.EnterCallbacks()) (pattern, noScan) = generate();
                    if (options.Count <= 0 || options.Count > int.MaxValue) throw new GearsErrorException("value is not an integer or out of range");
                    return new KeysBatchSource(server, pattern, noScan, keysOnly: true, readValue: false, (int)options.Count);
                };
            case ReaderKind.ShardsIDReader:
                return () => new ListSource("1");
            case ReaderKind.PythonReader:
                var generator = options.Generator ?? throw new GearsScriptException("pyreader argument must be a function");
                return () => new SequenceSource(graph.Language, generator);
            case ReaderKind.StreamReader:
                return () => new StreamBatchSource(server, 0, arg, options.FromId);
            default:
                throw new GearsScriptException("Given reader do not support run or not exists");
        }
    }
}
