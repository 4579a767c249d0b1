using M1Parallel.TestSupport;
using M1Parallel.MagenticOne.Orchestration;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Tests.TestDoubles;
using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Tests.Teams;

public sealed class TeamRunTests : IDisposable
{
    private readonly TeamScript _script = new();

    public void Dispose() => _script.Dispose();

    /// <summary>Coder writes code, ComputerTerminal runs it, then the ledger says the request is satisfied.</summary>
    private void ScriptCoderThenTerminalThenDone()
    {
        _script.Ledger = (n, _) => n switch
        {
            0 => Ledger.Json(speaker: "Coder", instruction: "Write code printing 6 times 7."),
            1 => Ledger.Json(speaker: "ComputerTerminal", instruction: "Run the code."),
            _ => Ledger.Json(satisfied: true),
        };
    }

    [LinuxFact]
    public async Task RunAsync_CoderAndTerminalSolveIt_EndsWithTheFinalAnswer()
    {
        ScriptCoderThenTerminalThenDone();

        var result = await _script.Build().RunAsync("What is 6 times 7?");

        Assert.True(result.Answered, result.StopMessage);
        Assert.Equal("42", result.Answer);
        Assert.Equal(TeamStopReason.RequestSatisfied, result.StopReason);
        Assert.Equal(3, result.Steps);
        Assert.Equal(0, result.Replans);
        var terminal = Assert.Single(result.Transcript.Entries, e => e.Speaker == "ComputerTerminal" && e.Kind == TranscriptEntryKind.AgentMessage);
        Assert.Contains("succeeded (exit code 0)", terminal.Text);
        Assert.Contains("42", terminal.Text);
    }

    [LinuxFact]
    public async Task RunAsync_EveryModelCall_IsRecordedWithItsUsage_AndTotalsAddUp()
    {
        ScriptCoderThenTerminalThenDone();

        var result = await _script.Build().RunAsync("What is 6 times 7?");

        var calls = _script.Orchestrator.Calls.Count + _script.Coder.Calls.Count;
        Assert.Equal(calls, result.Transcript.Entries.Count(e => e.Usage is not null));
        Assert.Equal(calls * 100L, result.Usage.InputTokenCount);
        Assert.Equal(calls * 10L, result.Usage.OutputTokenCount);
    }

    [LinuxFact]
    public async Task RunAsync_Transcript_HasSpeakersInOrderWithTimestampsFromTheInjectedClock()
    {
        ScriptCoderThenTerminalThenDone();

        var result = await _script.Build().RunAsync("What is 6 times 7?");

        var entries = result.Transcript.Entries;
        Assert.Equal(TranscriptEntryKind.Task, entries[0].Kind);
        Assert.Contains(entries, e => e.Kind == TranscriptEntryKind.Facts);
        Assert.Contains(entries, e => e.Kind == TranscriptEntryKind.TaskLedger);
        Assert.Contains(entries, e => e.Kind == TranscriptEntryKind.Instruction && e.Text.StartsWith("[to Coder]", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Kind == TranscriptEntryKind.FinalAnswer && e.Text.Contains("FINAL ANSWER: 42", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Equal(2025, e.StartedAt.Year));
        Assert.All(entries, e => Assert.True(e.EndedAt >= e.StartedAt));
        Assert.Equal(entries.Select(e => e.EndedAt).OrderBy(t => t), entries.Select(e => e.EndedAt));
        Assert.True(result.Latency > TimeSpan.Zero);
    }

    [LinuxFact]
    public async Task RunAsync_Steps_AreReportedThroughOnStep_EndingWithStopped()
    {
        ScriptCoderThenTerminalThenDone();

        await _script.Build().RunAsync("What is 6 times 7?");

        var kinds = _script.Steps.Select(s => s.Kind).ToList();
        Assert.Equal(TeamStepKind.TaskLedger, kinds[0]);
        Assert.Equal(
            [TeamStepKind.ProgressLedger, TeamStepKind.AgentReply, TeamStepKind.ProgressLedger, TeamStepKind.AgentReply, TeamStepKind.ProgressLedger, TeamStepKind.FinalAnswer, TeamStepKind.Stopped],
            kinds.Skip(1));
        Assert.Equal(Enumerable.Range(0, kinds.Count), _script.Steps.Select(s => s.Sequence));
        Assert.Equal("Coder", _script.Steps[2].Speaker);
        Assert.Equal(1, _script.Steps[2].Turn);
    }

    [LinuxFact]
    public async Task RunAsync_EachRole_UsesItsOwnClient_WithThinkingOffAndAPurposeLabel()
    {
        ScriptCoderThenTerminalThenDone();

        await _script.Build().RunAsync("What is 6 times 7?");

        Assert.All(_script.Coder.Calls, c => Assert.Equal("coder", c.Role));
        Assert.All(_script.Orchestrator.Calls, c => Assert.Contains(c.Role, new[] { "orchestrator", "final_answer" }));
        Assert.Contains(_script.Orchestrator.Calls, c => c.Role == "final_answer");
        Assert.All(_script.Orchestrator.Calls.Concat(_script.Coder.Calls), c => Assert.Equal(false, c.Options!.AdditionalProperties!["enable_thinking"]));
        Assert.Equal(["facts", "plan", "progress_ledger", "progress_ledger", "progress_ledger", "final_answer"], _script.Orchestrator.Calls.Select(c => c.Purpose));
    }

    [Fact]
    public async Task RunAsync_InitialPlanSupplied_IsUsedAndNoPlanIsGenerated()
    {
        const string plan = "- FileSurfer reads the attached notes\n- answer with the SUPPLIED-PLAN-MARKER value";

        var result = await _script.Build().RunAsync("What does the note say?", new GivenPlan(plan));

        Assert.DoesNotContain(_script.Orchestrator.Calls, c => c.Purpose == "plan");
        var ledger = Assert.Single(result.Transcript.Entries, e => e.Kind == TranscriptEntryKind.TaskLedger);
        Assert.Contains("SUPPLIED-PLAN-MARKER", ledger.Text);
        var firstProgress = _script.Orchestrator.Calls.First(c => c.Purpose == "progress_ledger");
        Assert.Contains("SUPPLIED-PLAN-MARKER", firstProgress.AllText);
        Assert.Contains(result.Transcript.Entries, e => e.Kind == TranscriptEntryKind.Note && e.Text.Contains("supplied from outside", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_PlanGivenWithFacts_TakesTheFactsAndSurveysNone()
    {
        const string facts = "1. GIVEN OR VERIFIED FACTS\n- the note holds the GIVEN-FACTS-MARKER";

        var result = await _script.Build().RunAsync("What does the note say?", new GivenPlan("- FileSurfer reads the note", facts));

        Assert.DoesNotContain(_script.Orchestrator.Calls, c => c.Purpose is "facts" or "plan");
        var recorded = Assert.Single(result.Transcript.Entries, e => e.Kind == TranscriptEntryKind.Facts);
        Assert.Equal(facts, recorded.Text);
        Assert.Null(recorded.Usage);
        Assert.Contains(result.Transcript.Entries, e => e.Kind == TranscriptEntryKind.Note && e.Text.Contains("planner's facts survey", StringComparison.Ordinal));
        var ledger = Assert.Single(result.Transcript.Entries, e => e.Kind == TranscriptEntryKind.TaskLedger);
        Assert.Contains("GIVEN-FACTS-MARKER", ledger.Text);
        Assert.Contains("GIVEN-FACTS-MARKER", _script.Orchestrator.Calls.First(c => c.Purpose == "progress_ledger").AllText);
    }

    [Fact]
    public async Task RunAsync_PlanGivenWithoutFacts_StillSurveysTheFacts()
    {
        var result = await _script.Build().RunAsync("What does the note say?", new GivenPlan("- FileSurfer reads the note"));

        Assert.Equal(["facts", "progress_ledger", "final_answer"], _script.Orchestrator.Calls.Select(c => c.Purpose));
        var recorded = Assert.Single(result.Transcript.Entries, e => e.Kind == TranscriptEntryKind.Facts);
        Assert.NotNull(recorded.Usage);
    }

    [Fact]
    public void GivenPlan_BlankPlanOrBlankFacts_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new GivenPlan("  "));
        Assert.Throws<ArgumentException>(() => new GivenPlan("- a plan", " "));
    }

    [Fact]
    public async Task RunAsync_StallsReachMaxStalls_RevisesFactsAndPlanAndRestartsWithAResetThread()
    {
        _script.Ledger = (n, _) => n switch
        {
            0 or 1 => Ledger.Json(progress: false, speaker: "FileSurfer", instruction: $"Try to read the file again ({n})."),
            _ => Ledger.Json(satisfied: true),
        };
        _script.Plan = call => call.Purpose == "plan_update" ? "Root cause: the file was missing.\n- NEW-PLAN: ask Coder instead" : "- FileSurfer reads the file";

        var result = await _script.Build(o => new TeamOptions(o.Clients, o.WorkFolder) { Settings = new() { MaxStalls = 2 }, TimeProvider = o.TimeProvider, OnStep = o.OnStep }).RunAsync("Read the file.");

        Assert.True(result.Answered);
        Assert.Equal(1, result.Replans);
        Assert.Single(_script.Orchestrator.Calls, c => c.Purpose == "facts_update");
        var planUpdate = Assert.Single(_script.Orchestrator.Calls, c => c.Purpose == "plan_update");
        Assert.Contains("Try to read the file again (0)", planUpdate.AllText); // the thread so far informs the new plan
        Assert.Contains(_script.Steps, s => s.Kind == TeamStepKind.Replan && s.Text.Contains("NEW-PLAN", StringComparison.Ordinal));
        Assert.Equal(2, result.Transcript.Entries.Count(e => e.Kind == TranscriptEntryKind.TaskLedger));

        // After re-planning the thread starts again from the new task ledger: the old instructions are gone.
        var afterReplan = _script.Orchestrator.Calls.Where(c => c.Purpose == "progress_ledger").Last();
        Assert.Contains("NEW-PLAN", afterReplan.AllText);
        Assert.DoesNotContain("Try to read the file again", afterReplan.AllText);
    }

    [Fact]
    public async Task RunAsync_ProgressBetweenStalls_LowersTheCount_SoNoReplan()
    {
        _script.Ledger = (n, _) => n switch
        {
            0 or 2 or 4 => Ledger.Json(progress: false, speaker: "FileSurfer"),
            1 or 3 => Ledger.Json(progress: true, speaker: "FileSurfer"),
            _ => Ledger.Json(satisfied: true),
        };

        var result = await _script.Build(o => new TeamOptions(o.Clients, o.WorkFolder) { Settings = new() { MaxStalls = 2 }, TimeProvider = o.TimeProvider }).RunAsync("Read the file.");

        Assert.Equal(0, result.Replans);
        Assert.Equal(6, result.Steps);
    }

    [Fact]
    public async Task RunAsync_LoopDetected_CountsAsAStall()
    {
        _script.Ledger = (n, _) => n < 2 ? Ledger.Json(inLoop: true, progress: true, speaker: "FileSurfer") : Ledger.Json(satisfied: true);

        var result = await _script.Build(o => new TeamOptions(o.Clients, o.WorkFolder) { Settings = new() { MaxStalls = 2 }, TimeProvider = o.TimeProvider }).RunAsync("Read the file.");

        Assert.Equal(1, result.Replans);
    }

    [Fact]
    public async Task RunAsync_LedgerNeverValidJson_StopsWithAClearReasonAfterFeedingTheErrorBack()
    {
        _script.Ledger = (_, _) => "I believe the Coder should go next, then we are done.";

        var result = await _script.Build().RunAsync("What is 6 times 7?");

        Assert.False(result.Answered);
        Assert.Null(result.Answer);
        Assert.Equal(TeamStopReason.LedgerUnparseable, result.StopReason);
        Assert.Contains("could not be parsed in 10 attempt(s)", result.StopMessage); // AgentChat's 10 JSON retries
        Assert.Contains("no JSON object", result.StopMessage);
        Assert.Equal(10, _script.LedgerCalls);
        var retry = _script.Orchestrator.Calls.Where(c => c.Purpose == "progress_ledger").ElementAt(1);
        Assert.Contains("could not be used: no JSON object", retry.LastUserText);
        Assert.DoesNotContain(_script.Orchestrator.Calls, c => c.Purpose == "final_answer");
    }

    [Fact]
    public async Task RunAsync_LedgerValidOnRetry_Continues()
    {
        _script.Ledger = (n, _) => n == 0 ? "{\"is_request_satisfied\": oops" : Ledger.Json(satisfied: true);

        var result = await _script.Build().RunAsync("What is 6 times 7?");

        Assert.True(result.Answered);
        Assert.Contains(result.Transcript.Entries, e => e.Kind == TranscriptEntryKind.Note && e.Text.Contains("attempt 1 of 10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_MaxStepsReached_ByDefault_HasNoAnswerAndAsksForNone()
    {
        _script.Ledger = (_, _) => Ledger.Json(speaker: "FileSurfer", instruction: "Keep reading.");

        var result = await _script.Build(o => new TeamOptions(o.Clients, o.WorkFolder) { Settings = new() { MaxSteps = 3 }, TimeProvider = o.TimeProvider }).RunAsync("Read forever.");

        Assert.Equal(TeamStopReason.MaxTurnsReached, result.StopReason);
        Assert.Equal(3, result.Steps);
        Assert.False(result.Answered);
        Assert.Null(result.Answer);
        Assert.DoesNotContain(_script.Orchestrator.Calls, c => c.Purpose == "final_answer");
        Assert.Contains("turn limit (3)", result.StopMessage);
        Assert.Contains("on_limit: fail", result.StopMessage);
    }

    [Fact]
    public async Task RunAsync_MaxStepsReachedOnLimitBestGuess_StillAsksForABestGuess()
    {
        _script.Ledger = (_, _) => Ledger.Json(speaker: "FileSurfer", instruction: "Keep reading.");

        var result = await _script.Build(o => new TeamOptions(o.Clients, o.WorkFolder) { Settings = new() { MaxSteps = 3, OnLimit = OnLimit.BestGuess }, TimeProvider = o.TimeProvider }).RunAsync("Read forever.");

        Assert.Equal(TeamStopReason.MaxTurnsReached, result.StopReason);
        Assert.True(result.Answered);
        var ask = _script.Orchestrator.Calls.Single(c => c.Purpose == "final_answer").LastUserText;
        Assert.Contains("ran out of turns", ask);
        Assert.Contains("best guess", ask);
    }

    [Fact]
    public async Task RunAsync_FinalAnswerPrompt_FollowsGaiaFormattingRulesWithoutBestGuess()
    {
        var result = await _script.Build().RunAsync("What is 6 times 7?");

        Assert.True(result.Answered);
        var ask = _script.Orchestrator.Calls.Single(c => c.Purpose == "final_answer").LastUserText;
        Assert.Contains("Read that conversation and state a FINAL ANSWER", ask);
        Assert.Contains(FinalAnswerFormat.Instructions, ask);
        Assert.Contains("alphabetical order, sequence, units, rounding, decimal places", ask);
        Assert.Contains("without sentence punctuation", ask);
        Assert.Contains("digits rather than words", ask);
        Assert.DoesNotContain("guess", ask, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ran out of turns", ask);
    }

    [Fact]
    public async Task RunAsync_FinalAnswerWithoutMarker_ByDefault_HasNoAnswerAndNoRetry()
    {
        var asked = 0;
        _script.FinalAnswer = _ => ++asked == 1 ? "The answer is forty-two." : "FINAL ANSWER: 42";

        var result = await _script.Build().RunAsync("What is 6 times 7?");

        Assert.False(result.Answered);
        Assert.Null(result.Answer);
        Assert.Equal(1, asked);
        Assert.Contains("no 'FINAL ANSWER:' line", result.StopMessage);
    }

    [Fact]
    public async Task RunAsync_FinalAnswerWithoutMarkerOnLimitBestGuess_TakesTheLastLine()
    {
        _script.FinalAnswer = _ => "I think\nforty-two";

        var result = await _script.Build(o => new TeamOptions(o.Clients, o.WorkFolder) { Settings = new() { OnLimit = OnLimit.BestGuess } }).RunAsync("What is 6 times 7?");

        Assert.True(result.Answered);
        Assert.Equal("forty-two", result.Answer);
    }

    [Fact]
    public async Task RunAsync_StallsAfterAReplan_AreNotReset_SoTheNextStallReplansAgain()
    {
        _script.Ledger = (n, _) => n < 3 ? Ledger.Json(progress: false, speaker: "FileSurfer") : Ledger.Json(satisfied: true);

        var result = await _script.Build(o => new TeamOptions(o.Clients, o.WorkFolder) { Settings = new() { MaxStalls = 2 }, TimeProvider = o.TimeProvider }).RunAsync("Read the file.");

        // Stalls 1 and 2 re-plan once; the third stall (count still 2, now 3) re-plans again at once.
        Assert.Equal(2, result.Replans);
    }

    [Fact]
    public async Task RunAsync_FinalAnswerWithoutMarkerOnLimitBestGuess_AsksOnceMoreForTheLine()
    {
        var asked = 0;
        _script.FinalAnswer = _ => ++asked == 1 ? "The answer is forty-two." : "FINAL ANSWER: **[42]**";

        var result = await _script.Build(o => new TeamOptions(o.Clients, o.WorkFolder) { Settings = new() { OnLimit = OnLimit.BestGuess } }).RunAsync("What is 6 times 7?");

        Assert.Equal("42", result.Answer);
        Assert.Equal(2, asked);
    }

    [Fact]
    public async Task RunAsync_ModelThrows_StopsWithErrorNamingTheFailure()
    {
        _script.Facts = _ => throw new HttpRequestException("backend down");

        var result = await _script.Build().RunAsync("What is 6 times 7?");

        Assert.Equal(TeamStopReason.Error, result.StopReason);
        Assert.Contains("backend down", result.StopMessage);
        Assert.Equal(TeamStepKind.Stopped, _script.Steps[^1].Kind);
    }

    [Fact]
    public async Task RunAsync_AttachedFile_IsCopiedIntoTheWorkFolderAndReadByFileSurferTools()
    {
        using var elsewhere = new TempFolder();
        var attached = elsewhere.Write("notes.txt", "The secret number is 7481.");
        _script.Ledger = (n, _) => n == 0 ? Ledger.Json(speaker: "FileSurfer", instruction: "Read notes.txt.") : Ledger.Json(satisfied: true);
        _script.FileSurferReply = call => call.Messages[^1].Role == ChatRole.Tool
            ? ScriptedChatClient.Text("The file says the secret number is 7481.")
            : ScriptedChatClient.ToolCall("open_path", new Dictionary<string, object?> { ["path"] = "notes.txt" });

        var result = await _script.Build(o => new TeamOptions(o.Clients, o.WorkFolder) { AttachedFilePath = attached }).RunAsync("What is the secret number?");

        Assert.True(File.Exists(Path.Combine(_script.Folder.Path, "notes.txt")));
        Assert.Contains("'notes.txt'", _script.Orchestrator.Calls[0].AllText);
        var tool = Assert.Single(result.Transcript.Entries, e => e.Kind == TranscriptEntryKind.ToolCall);
        Assert.Equal("open_path", tool.ToolCall!.Name);
        Assert.Contains("7481", tool.ToolCall.Result);
        Assert.Contains(result.Transcript.Entries, e => e.Speaker == "FileSurfer" && e.Kind == TranscriptEntryKind.AgentMessage && e.Text.Contains("7481", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_CancelledDuringAModelCall_ReturnsCancelledWithTheTranscriptSoFar()
    {
        using var cts = new CancellationTokenSource();
        var waiting = new TaskCompletionSource();
        var client = new ScriptedChatClient(async (call, ct) =>
        {
            waiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return ScriptedChatClient.Text("never");
        });
        var team = new Team(new TeamOptions(new TeamChatClients(client), _script.Folder.Path));

        var run = team.RunAsync("Anything", null, cts.Token);
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TeamStopReason.Cancelled, result.StopReason);
        Assert.False(result.Answered);
        Assert.Equal(TranscriptEntryKind.Task, result.Transcript.Entries[0].Kind);
    }

    [LinuxFact]
    public async Task RunAsync_CancelledWhileCodeRuns_KillsItsProcessesAndReturnsCancelled()
    {
        _script.Ledger = (n, _) => n == 0 ? Ledger.Json(speaker: "Coder") : Ledger.Json(speaker: "ComputerTerminal", instruction: "Run it.");
        var marker = ProcessProbe.NewSleepMarker(); // The code may run in its own PID namespace: found by command line, not pid.
        _script.CoderReply = _ => ScriptedChatClient.Text($"```sh\nsleep {marker} &\necho $! > child.pid\nsleep 300\n```");
        using var cts = new CancellationTokenSource();
        var team = _script.Build();

        var run = team.RunAsync("Wait a long time.", null, cts.Token);
        await ProcessProbe.ReadPidFileAsync(Path.Combine(_script.Folder.Path, "child.pid"), TimeSpan.FromSeconds(20));
        Assert.NotEmpty(await ProcessProbe.WaitMarkedAsync(marker, TimeSpan.FromSeconds(10)));
        await cts.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TeamStopReason.Cancelled, result.StopReason);
        Assert.Contains("cancelled", result.StopMessage);
        Assert.Empty(await ProcessProbe.WaitNoneMarkedAsync(marker, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task RunAsync_BlankTask_IsRejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _script.Build().RunAsync("  "));
    }
}
