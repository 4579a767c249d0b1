using M1Parallel.Cli.Commands;
using M1Parallel.Cli.Hosting;
using M1Parallel.Experiments.Specs;

namespace M1Parallel.Cli.Tests;

/// <summary>An experiment spec and <c>m1p run</c> read the same settings through the same checks, so they accept and
/// refuse the same values and name the setting alike (<c>max_steps</c> in a spec, <c>--max-steps</c> on the command line).</summary>
public sealed class SettingsParityTests
{
    private static SpecValidationException? SpecProblem(string method) =>
        Record.Exception(() => ExperimentSpecLoader.Parse(
            $"""
            name: parity
            suite: {"{"} path: s {"}"}
            backends: {"{"} local: {"{"} kind: local, model: m.gguf {"}"}, hosted: {"{"} kind: hosted, model: gpt-4o, base_url: 'http://127.0.0.1:9/v1' {"}"} {"}"}
            methods:
              - {"{"} name: m, backend: local, {method} {"}"}
            """,
            "/specs/parity.yaml")) as SpecValidationException;

    [Theory]
    [InlineData("kind: single, max_steps: 0", "--kind single --max-steps 0", "max_steps", "0 is below the minimum 1")]
    [InlineData("kind: single, max_ledger_attempts: 0", "--kind single --max-ledger-attempts 0", "max_ledger_attempts", "0 is below the minimum 1")]
    [InlineData("kind: single, replans: -1", "--kind single --replans -1", "replans", "-1 is below the minimum 0")]
    [InlineData("kind: early_stop, teams: 1", "--kind early_stop --teams 1", "teams", "early_stop runs 2 or more teams")]
    [InlineData("kind: aggregate, teams: 3, k: 4, aggregator: llm", "--kind aggregate --teams 3 --k 4", "k", "k = 4 exceeds teams = 3")]
    [InlineData("kind: early_stop, teams: 2, k: 1", "--kind early_stop --teams 2 --k 1", "k", "applies to kind: aggregate only")]
    public async Task BadSetting_IsRefusedBySpecAndCommandLine_NamingTheSameSettingAndProblem(string spec, string commandLine, string key, string problem)
    {
        var specError = Assert.Single(SpecProblem(spec)!.Errors);
        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(RunCommand.Create(), ["run", "What is 2+2?", .. commandLine.Split(' ')]);

        Assert.Equal($"methods[0].{key}", specError.Key);
        Assert.Contains(problem, specError.Problem);
        Assert.Equal(RunCommand.ConfigurationError, exit);
        Assert.Contains($"--{key.Replace('_', '-')}: {problem}", error);
    }

    [Theory]
    [InlineData("planning: repeated, on_limit: best_guess, code_network: false", "repeated", "best_guess", false)]
    [InlineData("planning: diverse, on_limit: fail, code_network: true", "diverse", "fail", true)]
    public void PlanningOnLimitAndCodeNetwork_FromSpecAndCommandLine_GiveTheSameSettings(string spec, string planning, string onLimit, bool codeNetwork)
    {
        var fromSpec = ExperimentSpecLoader.Parse(
            $"name: p\nsuite: {{ path: s }}\nbackends: {{ local: {{ kind: local, model: m.gguf }} }}\nmethods:\n  - {{ name: m, kind: early_stop, teams: 2, {spec} }}\n",
            "/specs/parity.yaml").Methods.Single().Settings;

        var fromCommandLine = RunCommand.Settings("early_stop", 2, null, null, planning, replans: 0, maxSteps: 20, onLimit, codeNetwork, searchUrl: null);

        Assert.Equal(fromSpec, fromCommandLine);
        Assert.Equal(codeNetwork, fromCommandLine.Team.Terminal.Network);
    }

    [Fact]
    public void MaxLedgerAttempts_FromSpecAndCommandLine_GiveTheSameSettings()
    {
        var fromSpec = ExperimentSpecLoader.Parse(
            "name: p\nsuite: { path: s }\nbackends: { local: { kind: local, model: m.gguf } }\nmethods:\n  - { name: m, kind: early_stop, teams: 2, max_ledger_attempts: 2 }\n",
            "/specs/parity.yaml").Methods.Single().Settings;

        var fromCommandLine = RunCommand.Settings("early_stop", 2, null, null, "diverse", replans: 0, maxSteps: 20, "fail", codeNetwork: true, searchUrl: null, maxLedgerAttempts: 2);

        Assert.Equal(2, fromSpec.Team.MaxLedgerAttempts);
        Assert.Equal(fromSpec, fromCommandLine);
    }

    [Fact]
    public async Task BackendReplyCapBelowOne_IsRefusedBySpecAndCommandLine_NamingTheSameSetting()
    {
        var specError = Assert.Single(Assert.Throws<SpecValidationException>(() => ExperimentSpecLoader.Parse(
            "name: m\nsuite: { path: s }\nbackends: { local: { kind: local, model: m.gguf, max_output_tokens: 0 } }\nmethods:\n  - { name: a, kind: single }\n",
            "/specs/cap.yaml")).Errors);
        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(RunCommand.Create(),
            "run", "What is 2+2?", "--hosted-endpoint", "http://127.0.0.1:9/v1", "--hosted-model", "m", "--max-output-tokens", "0");

        Assert.Equal("backends.local.max_output_tokens", specError.Key);
        Assert.Equal("0 is below the minimum 1", specError.Problem);
        Assert.Equal(RunCommand.ConfigurationError, exit);
        Assert.Contains("--max-output-tokens: 0 is below the minimum 1", error);
    }

    [Theory]
    [InlineData("sequences: 0", "--sequences 0", "sequences", "0 is below the minimum 1")]
    [InlineData("context_per_sequence: 100", "--context-per-sequence 100", "context_per_sequence", "100 is below the minimum 256")]
    [InlineData("context_tokens: 8192, context_per_sequence: 4096", "--context-tokens 8192 --context-per-sequence 4096", "context_per_sequence", "not both")]
    [InlineData("threads: 0", "--threads 0", "threads", "0 is below the minimum 1")]
    [InlineData("gpu_layers: -2", "--gpu-layers -2", "gpu_layers", "-2 is below the minimum -1")]
    public async Task BadLocalBackendSetting_IsRefusedBySpecAndCommandLine_NamingTheSameSettingAndProblem(string spec, string commandLine, string key, string problem)
    {
        var specError = Assert.Single(Assert.Throws<SpecValidationException>(() => ExperimentSpecLoader.Parse(
            $"name: m\nsuite: {{ path: s }}\nbackends: {{ local: {{ kind: local, model: m.gguf, {spec} }} }}\nmethods:\n  - {{ name: a, kind: single }}\n",
            "/specs/local.yaml")).Errors);
        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(RunCommand.Create(), ["run", "What is 2+2?", "--model", "m.gguf", .. commandLine.Split(' ')]);

        Assert.Equal($"backends.local.{key}", specError.Key);
        Assert.Contains(problem, specError.Problem);
        Assert.Equal(RunCommand.ConfigurationError, exit);
        Assert.Contains($"--{key.Replace('_', '-')}: ", error);
        Assert.Contains(problem, error);
    }

    [Theory]
    [InlineData("experiment", "threads: 0", "--threads 0", "threads", "0 is below the minimum 1")]
    [InlineData("experiment", "gpu_layers: -2", "--gpu-layers -2", "gpu_layers", "-2 is below the minimum -1")]
    [InlineData("bench", "threads: 0", "--threads 0", "threads", "0 is below the minimum 1")]
    [InlineData("bench", "gpu_layers: -2", "--gpu-layers -2", "gpu_layers", "-2 is below the minimum -1")]
    public async Task ThreadsAndGpuLayers_OfExperimentAndBench_AreCheckedAsTheSpecsAre(string command, string spec, string commandLine, string key, string problem)
    {
        var specError = Assert.Single(Assert.Throws<SpecValidationException>(() => ExperimentSpecLoader.Parse(
            $"name: m\nsuite: {{ path: s }}\nbackends: {{ local: {{ kind: local, model: m.gguf, {spec} }} }}\nmethods:\n  - {{ name: a, kind: single }}\n",
            "/specs/local.yaml")).Errors);
        var (exit, output, error) = command == "experiment"
            ? await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(), ["experiment", "/nowhere/spec.yaml", .. commandLine.Split(' ')])
            : await ExperimentsCliHarness.InvokeAsync(BenchCommand.Create(), ["bench", "scheduler", "--model", "/nowhere/m.gguf", .. commandLine.Split(' ')]);

        Assert.Contains(problem, specError.Problem);
        Assert.Equal(2, exit);
        Assert.Contains($"error: --{key.Replace('_', '-')}: {problem}", error);
        Assert.DoesNotContain("/nowhere", error + output);
    }

    [Theory]
    [InlineData("final_answer", true)]
    [InlineData("planner", true)]
    [InlineData("aggregator", true)]
    [InlineData("Web_Surfer", true)]
    [InlineData("computer_terminal", false)]
    [InlineData("boss", false)]
    public void Route_ForARole_IsAcceptedOrRefusedAlikeBySpecAndCommandLine(string role, bool accepted)
    {
        var specProblem = SpecProblem($"kind: single, routes: {{ {role}: hosted }}");
        var commandLineProblem = Record.Exception(() => RunBackends.Routes([$"{role}=hosted"], "local", ["local", "hosted"]));

        Assert.Equal(accepted, specProblem is null);
        Assert.Equal(accepted, commandLineProblem is null);
        if (!accepted)
        {
            Assert.Contains($"unknown role '{role}'", Assert.Single(specProblem!.Errors).Problem);
            Assert.Contains($"unknown role '{role}'", commandLineProblem!.Message);
        }
    }
}
