using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Suites;

namespace M1Parallel.Cli.Hosting;

/// <summary>An experiment spec and the tasks of its suite, as the commands that read a spec load them.</summary>
internal static class ExperimentInput
{
    /// <summary>Loads the spec at <paramref name="specPath"/> and its suite's tasks; on a bad spec or suite, writes
    /// <c>error: …</c> to <paramref name="error"/> and returns null (the command then exits 2).</summary>
    public static async Task<(ExperimentSpec Spec, IReadOnlyList<TaskItem> Tasks)?> LoadAsync(string specPath, TextWriter error)
    {
        try
        {
            var spec = ExperimentSpecLoader.LoadFile(specPath);
            return (spec, GaiaSuite.Load(spec.Suite.Path, spec.Suite.ToFilter()));
        }
        catch (Exception ex) when (ex is SpecValidationException or SuiteFormatException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return null;
        }
    }
}
