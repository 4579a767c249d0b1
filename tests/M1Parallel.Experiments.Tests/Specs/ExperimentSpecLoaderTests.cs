using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Tests.TestSupport;
using M1Parallel.Inference.Scheduling;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;
using M1Parallel.Planning;
using YamlDotNet.RepresentationModel;

namespace M1Parallel.Experiments.Tests.Specs;

public sealed class ExperimentSpecLoaderTests
{
    private const string Source = "/specs/exp.yaml";

    private const string Valid = """
        name: fig-test
        suite:
          path: ../suites/gaia
          levels: [1, 3]
          subsample: 10
          seed: 4
        repetitions: 3
        seed: 11
        timeouts:
          run_seconds: 600
        backends:
          local:
            kind: local
            model: models/q.gguf
            scheduler: queued
            sequences: 3
            max_output_tokens: 256
            threads: 1
          gpt:
            kind: hosted
            base_url: https://api.example.com/v1
            model: gpt-4o
            api_key_env: OPENAI_API_KEY
            prompt_usd_per_million: 2.5
        methods:
          - name: single
            kind: single
            backend: local
          - name: es3
            kind: early_stop
            teams: 3
            planning: diverse
            backend: local
            max_steps: 12
            max_stalls: 2
            replans: 1
            enable_thinking: true
            agents: [computer_terminal, coder]
            on_limit: best_guess
          - name: agg
            kind: aggregate
            teams: 3
            k: 2
            aggregator: best-of-k
            backend: local
            routes:
              aggregator: gpt
        """;

    private static SpecValidationException Invalid(string yaml) =>
        Assert.Throws<SpecValidationException>(() => ExperimentSpecLoader.Parse(yaml, Source));

    [Fact]
    public void Parse_ValidSpec_ReadsEverySection()
    {
        var spec = ExperimentSpecLoader.Parse(Valid, Source);

        Assert.Equal("fig-test", spec.Name);
        Assert.Equal(Path.GetFullPath("/suites/gaia"), spec.Suite.Path);
        Assert.Equal([1, 3], spec.Suite.Levels!);
        Assert.Equal(10, spec.Suite.Subsample);
        Assert.Equal(4, spec.Suite.Seed);
        Assert.Equal(3, spec.Repetitions);
        Assert.Equal(11, spec.Seed);
        Assert.Equal(TimeSpan.FromMinutes(10), spec.RunTimeout);
        Assert.Equal(Path.GetFullPath("/specs/results/fig-test.db"), spec.StorePath);

        var local = spec.Backends["local"];
        Assert.Equal(BackendKind.Local, local.Kind);
        Assert.Equal(SchedulingPolicy.Queued, local.Local!.Scheduler);
        Assert.Equal(Path.GetFullPath("/specs/models/q.gguf"), local.Model);
        Assert.Equal(256, local.MaxOutputTokens);
        Assert.Equal(1, local.Local.Threads);
        var gpt = spec.Backends["gpt"];
        Assert.Equal(new Uri("https://api.example.com/v1"), gpt.BaseUrl);
        Assert.Equal("OPENAI_API_KEY", gpt.ApiKeyEnv);
        Assert.Equal(2.5, gpt.PromptUsdPerMillion);
        Assert.Equal(0.0025, gpt.CostUsd(1000, 500), 12);
        Assert.Equal(0, local.CostUsd(1000, 500));

        Assert.Equal(["single", "es3", "agg"], spec.Methods.Select(m => m.Name));
        Assert.Equal(1, spec.Methods[0].Settings.Teams);
        var es3 = spec.Methods[1].Settings;
        Assert.Equal(MethodKind.EarlyStop, es3.Kind);
        Assert.Equal(PlanningStrategy.Diverse, es3.Planning);
        Assert.Equal(12, es3.Team.MaxSteps);
        Assert.Equal(2, es3.Team.MaxStalls);
        Assert.Equal(1, es3.Replans);
        Assert.True(es3.Team.EnableThinking);
        Assert.Equal(["coder", "computer_terminal"], es3.Team.Agents.ToWireNames());
        Assert.Equal(OnLimit.BestGuess, es3.Team.OnLimit);
        Assert.Equal(OnLimit.Fail, spec.Methods[0].Settings.Team.OnLimit);
        var agg = spec.Methods[2];
        Assert.Equal(2, agg.Settings.K);
        Assert.Equal(AggregatorKind.BestOfK, agg.Settings.Aggregator);
        Assert.Equal("gpt", agg.Routes.BackendFor(TeamRole.Aggregator));
        Assert.Equal("local", agg.Routes.BackendFor(TeamRole.Orchestrator));
    }

    [Fact]
    public void Parse_MinimalSpec_FillsDefaults()
    {
        var spec = ExperimentSpecLoader.Parse(
            """
            name: m
            suite: { path: s }
            backends: { local: { kind: local, model: qwen3-0.6b } }
            methods:
              - { name: a, kind: aggregate, teams: 3, aggregator: majority }
            """,
            Source);

        Assert.Equal(1, spec.Repetitions);
        Assert.Equal(TimeSpan.FromMinutes(30), spec.RunTimeout);
        Assert.Equal("qwen3-0.6b", spec.Backends["local"].Model);
        Assert.Equal(SchedulingPolicy.Batched, spec.Backends["local"].Local!.Scheduler);
        Assert.Null(spec.Backends["local"].MaxOutputTokens);
        Assert.Equal("local", spec.Methods.Single().Routes.Backend);
        var method = spec.Methods.Single().Settings;
        Assert.Equal(3, method.K);
        Assert.Equal(PlanningStrategy.Diverse, method.Planning);
        Assert.Equal(20, method.Team.MaxSteps);
        Assert.Equal(3, method.Team.MaxStalls);
        Assert.Equal(0, method.Replans);
        Assert.False(method.Team.EnableThinking);
        Assert.Equal(["web_surfer", "file_surfer", "coder", "computer_terminal"], method.Team.Agents.ToWireNames());
    }

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(true, null, false)]
    [InlineData(true, "true", true)]
    [InlineData(false, "false", false)]
    public void Parse_CodeNetwork_DefaultsToOnExceptForTheOfflineSuite_AndAMethodMaySayOtherwise(bool offlineSuite, string? codeNetwork, bool network)
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(folder.Path, "suite"));
        if (offlineSuite)
        {
            Directory.CreateDirectory(Path.Combine(folder.Path, "suite", "site"));
        }

        var setting = codeNetwork is null ? string.Empty : $", code_network: {codeNetwork}";
        var spec = ExperimentSpecLoader.Parse(
            $"name: n\nsuite: {{ path: suite }}\nbackends: {{ local: {{ kind: local, model: m.gguf }} }}\nmethods:\n  - {{ name: a, kind: single{setting} }}\n",
            Path.Combine(folder.Path, "spec.yaml"));

        Assert.Equal(network, spec.Methods.Single().Settings.Team.Terminal.Network);
    }

    [Theory]
    [InlineData("teams: 1", "methods[1].teams", 22, "2 or more teams")]
    [InlineData("teams: two", "methods[1].teams", 22, "whole number")]
    [InlineData("teams: 3\n    aggregator: llm", "methods[1].aggregator", 23, "kind: aggregate only")]
    [InlineData("teams: 3\n    colour: red", "methods[1].colour", 23, "unknown key")]
    [InlineData("teams: 3\n    replans: -1", "methods[1].replans", 23, "below the minimum 0")]
    [InlineData("teams: 3\n    max_stalls: 0", "methods[1].max_stalls", 23, "below the minimum 1")]
    [InlineData("teams: 3\n    enable_thinking: maybe", "methods[1].enable_thinking", 23, "true or false")]
    [InlineData("teams: 3\n    on_limit: shrug", "methods[1].on_limit", 23, "'shrug' is not one of fail, best_guess")]
    [InlineData("teams: 3\n    code_network: maybe", "methods[1].code_network", 23, "true or false")]
    [InlineData("teams: 3\n    agents: [coder, painter]", "methods[1].agents", 23, "unknown agent 'painter'")]
    [InlineData("teams: 3\n    agents: []", "methods[1].agents", 23, "non-empty list of agents")]
    [InlineData("teams: 3\n    backend: gpu", "methods[1].backend", 23, "no backend named 'gpu'")]
    [InlineData("teams: 3\n    routes: { painter: local }", "methods[1].routes.painter", 23, "unknown role")]
    public void Parse_BadMethod_NamesLineKeyAndProblem(string teamsLine, string key, int line, string problem)
    {
        var yaml = $"""
            name: x
            suite:
              path: s
            backends:
              local:
                kind: local
                model: m.gguf
            methods:
              - name: single
                kind: single
              - name: es
                kind: early_stop
                {teamsLine}
            """;
        yaml = string.Join("\n", Enumerable.Repeat("# padding", 9)) + "\n" + yaml;

        var ex = Invalid(yaml);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(key, error.Key);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem);
        Assert.Contains($"{Source}:{line}:", ex.Message);
    }

    [Fact]
    public void Parse_RoutesForTheFinalAnswerAndThePlanner_AreReadLikeEveryOtherRole()
    {
        var spec = ExperimentSpecLoader.Parse(
            """
            name: m
            suite: { path: s }
            backends: { local: { kind: local, model: m.gguf }, big: { kind: local, model: b.gguf } }
            methods:
              - { name: a, kind: single, backend: local, routes: { final_answer: big, planner: big } }
            """,
            Source);

        var routes = spec.Methods.Single().Routes;
        Assert.Equal("big", routes.BackendFor(TeamRole.FinalAnswer));
        Assert.Equal("big", routes.BackendFor(TeamRole.Planner));
        Assert.Equal("local", routes.BackendFor(TeamRole.Orchestrator));
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsThemAll()
    {
        var ex = Invalid(
            """
            name: bad name!
            suite: { levels: [1, 4] }
            repetitions: 0
            backends:
              h: { kind: hosted, model: gpt-4o, base_url: "ftp://x", api_key_env: "sk-123", scheduler: batched }
            methods:
              - { name: a, kind: aggregate, teams: 2, k: 3 }
              - { name: a, kind: parallel }
            """);

        var keys = ex.Errors.Select(e => e.Key).ToList();
        Assert.Contains("name", keys);
        Assert.Contains("suite.path", keys);
        Assert.Contains("suite.levels", keys);
        Assert.Contains("repetitions", keys);
        Assert.Contains("backends.h.base_url", keys);
        Assert.Contains("backends.h.api_key_env", keys);
        Assert.Contains("backends.h.scheduler", keys);
        Assert.Contains("methods[0].k", keys);
        Assert.Contains("methods[0].aggregator", keys);
        Assert.Contains("methods[1].name", keys);
        Assert.Contains("methods[1].kind", keys);
        Assert.All(ex.Errors, e => Assert.True(e.Line > 0));
        Assert.Contains(ex.Errors, e => e.Key == "methods[1].kind" && e.Problem.Contains("single, early_stop, aggregate", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SeveralBackendsAndNoMethodBackend_AsksToNameOne()
    {
        var ex = Invalid(
            """
            name: x
            suite: { path: s }
            backends:
              a: { kind: local, model: m }
              b: { kind: local, model: n }
            methods:
              - { name: s, kind: single }
            """);

        Assert.Contains("several backends exist (a, b)", Assert.Single(ex.Errors).Problem);
    }

    [Fact]
    public void Parse_NotYaml_NamesTheLine()
    {
        var ex = Invalid("name: x\nsuite: [unclosed\n");

        var error = Assert.Single(ex.Errors);
        Assert.Equal("(yaml)", error.Key);
        Assert.True(error.Line >= 2);
    }

    [Fact]
    public void Parse_ScalarDocument_AsksForAMapping()
    {
        Assert.Equal("(root)", Assert.Single(Invalid("just text").Errors).Key);
    }

    [Fact]
    public void LoadFile_Missing_SaysNotFound()
    {
        var ex = Assert.Throws<SpecValidationException>(() => ExperimentSpecLoader.LoadFile("/nonexistent/spec.yaml"));
        Assert.Contains("not found", ex.Message);
    }

    [Fact]
    public void LoadFile_ShippedSpecs_AreAllValid()
    {
        var specs = Directory.GetFiles(Path.Combine(RepoRoot.Path, "experiments"), "*.yaml", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}suites{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(specs, p => p.EndsWith("smoke.yaml", StringComparison.Ordinal));
        Assert.NotEmpty(PaperSpecs());
        Assert.All(PaperSpecs(), paper => Assert.Contains(paper, specs));
        foreach (var path in specs)
        {
            var spec = ExperimentSpecLoader.LoadFile(path);
            Assert.Equal(Path.GetFileNameWithoutExtension(path), spec.Name);
        }
    }

    [Fact]
    public void PaperSpecs_EveryOne_IsMappedInThePaperReadme()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "experiments", "paper", "README.md"));

        Assert.All(PaperSpecs(), path => Assert.Contains($"`{Path.GetFileName(path)}`", readme));
    }

    [Fact]
    public void PaperSpecs_EveryMethod_StatesItsPlanningAndReplans_AndTakesAgbenchsThirtyTurns()
    {
        foreach (var path in PaperSpecs())
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(path)));
            var methods = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("methods")];

            Assert.All(methods.Children.Cast<YamlMappingNode>(), method =>
            {
                Assert.True(method.Children.ContainsKey(new YamlScalarNode("planning")), $"{path}: {method} states no planning");
                Assert.True(method.Children.ContainsKey(new YamlScalarNode("replans")), $"{path}: {method} states no replans");
                Assert.True(method.Children.TryGetValue(new YamlScalarNode("max_steps"), out var steps) && steps.ToString() == "30",
                    $"{path}: {method} does not give agbench's 30 turns (max_steps: 30)");
            });
        }
    }

    private static IReadOnlyList<string> PaperSpecs() =>
        Directory.GetFiles(Path.Combine(RepoRoot.Path, "experiments", "paper"), "*.yaml");

    [Fact]
    public void Parse_MaxOutputTokensBelowOne_IsAnErrorNamingTheKey()
    {
        var error = Invalid("name: m\nsuite: { path: s }\nbackends: { local: { kind: local, model: m.gguf, max_output_tokens: 0 } }\nmethods:\n  - { name: a, kind: single }\n");

        Assert.Contains("backends.local.max_output_tokens", error.Message);
    }

    [Fact]
    public void Parse_ThreadsOnAHostedBackend_IsAnErrorSayingItIsLocalOnly()
    {
        var error = Invalid("name: m\nsuite: { path: s }\nbackends: { gpt: { kind: hosted, model: gpt-4o, base_url: 'https://api.example.com/v1', threads: 2 } }\nmethods:\n  - { name: a, kind: single }\n");

        Assert.Contains("backends.gpt.threads", error.Message);
        Assert.Contains("local backends only", error.Message);
    }
}
