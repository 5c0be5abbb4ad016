namespace HotGears.Engine.Gears.Pipeline;

/// <summary>What the sinks of one run share: the language and the errors.</summary>
internal sealed class PipelineRun(IGearsLanguage language, List<string> errors)
{
    public IGearsLanguage Language { get; } = language;
    public List<string> Errors { get; } = errors;

    /// <summary>
    /// A callback failed on a record: its text joins the errors (spec §2.8), unless the callback was
    /// stopped by an abort (OperationCanceledException), for which the execution adds its one error.
    /// </summary>
    public void Fail(Exception error)
    {
        if (error is not OperationCanceledException) Errors.Add(Language.FormatError(error));
    }
}
