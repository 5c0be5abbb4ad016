using HotGears.Engine.Gears;
using HotGears.Resp;

namespace HotGears.Scripting.Python;

/// <summary>The Python sessions RG.PYDUMPSESSIONS lists: those its registrations or executions keep alive.</summary>
internal static class PythonSessions
{
    public static IEnumerable<GearsSession> All(GearsEngine engine) =>
        engine.Registrations.Select(r => r.Session)
            .Concat(engine.Executions.ToList().Select(e => e.Session))
            .Where(s => s.Language == "python")
            .Distinct();

    /// <summary>How many live Python sessions use a requirement.</summary>
    public static int RefCount(GearsEngine engine, string requirement) => All(engine).Count(s => !s.Dead && s.Requirements.Contains(requirement));

    /// <summary>One session: 16 elements (spec §1.1); with VERBOSE the registrations are their dumps without the PD.</summary>
    public static void Write(RespWriter reply, GearsSession session, bool verbose)
    {
        reply.WriteArrayHeader(16);
        reply.WriteBulk("ID");
        reply.WriteBulk(session.Id);
        reply.WriteBulk("sessionDescription");
        if (session.Description == null) reply.WriteNull();
        else reply.WriteBulk(session.Description);
        reply.WriteBulk("refCount");
        reply.WriteInteger(session.Registrations.Count + 1);
        reply.WriteBulk("linked");
        reply.WriteBulk(session.Dead ? "None" : "primary");
        reply.WriteBulk("dead");
        reply.WriteBulk(session.Dead ? "true" : "false");
        reply.WriteBulk("requirementInstallationNeeded");
        reply.WriteInteger(0);
        reply.WriteBulk("requirements");
        reply.WriteArrayHeader(session.Requirements.Count);
        foreach (var name in session.Requirements)
        {
            if (verbose && PythonRequirements.Find(name) is { } requirement) requirement.Write(reply, RefCount(session.Engine, name));
            else reply.WriteBulk(name);
        }
        reply.WriteBulk("registrations");
        reply.WriteArrayHeader(session.Registrations.Count);
        foreach (var registration in session.Registrations)
        {
            if (verbose) registration.WriteDump(reply, withSession: false);
            else reply.WriteBulk(registration.Id);
        }
    }
}
