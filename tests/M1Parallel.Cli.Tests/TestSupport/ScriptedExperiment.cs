using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Suites;

namespace M1Parallel.Cli.Tests.TestSupport;

/// <summary>
/// A folder of its own holding a two-task GAIA-format suite and experiment specs over it whose one backend is a
/// <see cref="ScriptedTeamServer"/> (reached with an API key from <see cref="KeyVariable"/>); for tests that run the real
/// <c>m1p experiment</c> as a child process there.
/// </summary>
internal sealed class ScriptedExperiment : IDisposable
{
    /// <summary>The environment variable the specs name for the server's API key.</summary>
    public const string KeyVariable = "M1P_SCRIPTED_TEST_KEY";

    /// <summary>The API key the server expects.</summary>
    public const string Key = "sk-scripted-test";

    /// <summary>What the server answers to each task's question.</summary>
    public static readonly IReadOnlyDictionary<string, string> Answers = new Dictionary<string, string>
    {
        ["What is two plus two"] = "4",
        ["Name the capital of France"] = "Paris",
    };

    /// <summary>Makes the folder and writes the suite (tasks a and b) into it; the experiment is called <paramref name="name"/>.</summary>
    public ScriptedExperiment(string name)
    {
        Name = name;
        Folder = Directory.CreateTempSubdirectory("m1p-" + name + "-").FullName;
        Directory.CreateDirectory(Path.Combine(Folder, "suite"));
        File.WriteAllLines(Path.Combine(Folder, "suite", "metadata.jsonl"),
        [
            """{"task_id": "a", "Question": "What is two plus two?", "Level": "1", "Final answer": "4", "file_name": ""}""",
            """{"task_id": "b", "Question": "Name the capital of France.", "Level": "1", "Final answer": "Paris", "file_name": ""}""",
        ]);
    }

    /// <summary>The experiment's name in the specs and the store.</summary>
    public string Name { get; }

    /// <summary>The folder (the child's working folder).</summary>
    public string Folder { get; }

    /// <summary>Where the teams work (pass it as <c>--work</c>).</summary>
    public string Work => Path.Combine(Folder, "work");

    /// <summary>The results store the specs write to.</summary>
    public string StorePath => Path.Combine(Folder, "results", Name + ".db");

    /// <summary>Writes a spec with <paramref name="repetitions"/> and the given method lines over <paramref name="server"/>; returns its path.</summary>
    public string WriteSpec(ScriptedTeamServer server, int repetitions, params string[] methods)
    {
        var path = Path.Combine(Folder, Name + ".yaml");
        File.WriteAllText(path, string.Join('\n',
        [
            $"name: {Name}",
            "suite: { path: suite }",
            $"repetitions: {repetitions}",
            "seed: 3",
            "backends:",
            $"  hosted: {{ kind: hosted, model: scripted-model, base_url: '{server.BaseUrl}', api_key_env: {KeyVariable} }}",
            "methods:",
            .. methods,
        ]) + "\n");
        return path;
    }

    /// <summary>The runs of the spec at <paramref name="specPath"/>, in the order the runner takes them.</summary>
    public static IReadOnlyList<PlannedRun> Plan(string specPath)
    {
        var spec = ExperimentSpecLoader.LoadFile(specPath);
        return ExperimentPlan.Expand(spec, GaiaSuite.Load(spec.Suite.Path, spec.Suite.ToFilter()));
    }

    /// <summary>A run as "task|method|repetition".</summary>
    public static string KeyOf(PlannedRun run) => $"{run.Task.TaskId}|{run.Method.Name}|{run.Repetition}";

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
