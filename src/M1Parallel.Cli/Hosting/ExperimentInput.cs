using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Suites;

namespace M1Parallel.Cli.Hosting;

/// <summary>An experiment spec and the tasks of its suite, as the commands that read a spec load them.</summary>
internal static class ExperimentInput
{
    /// <summary>Loads the spec at <paramref name="specPath"/> and its suite's tasks; on a bad spec or suite, writes
    /// <c>error: …</c> to <paramref name="error"/> and returns null (the command then exits 2). With
    /// <paramref name="suiteMayBeMissing"/> (a dry run, which checks the spec before the data is in place), a suite folder
    /// that does not exist yet is a warning and gives no tasks; a suite that exists but is malformed is still an error.</summary>
    public static async Task<(ExperimentSpec Spec, IReadOnlyList<TaskItem> Tasks)?> LoadAsync(string specPath, TextWriter error, bool suiteMayBeMissing = false)
    {
        try
        {
            var spec = ExperimentSpecLoader.LoadFile(specPath);
            if (suiteMayBeMissing && !Directory.Exists(spec.Suite.Path))
            {
                await error.WriteLineAsync(
                    $"warning: the suite folder '{spec.Suite.Path}' does not exist yet, so no task was read and a run would stop here; " +
                    $"put the suite there (its {GaiaSuite.MetadataFileName} and attached files) before running.");
                return (spec, []);
            }

            return (spec, GaiaSuite.Load(spec.Suite.Path, spec.Suite.ToFilter()));
        }
        catch (Exception ex) when (ex is SpecValidationException or SuiteFormatException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return null;
        }
    }
}
