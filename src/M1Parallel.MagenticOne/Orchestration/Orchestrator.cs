using M1Parallel.MagenticOne.Agents;
using M1Parallel.MagenticOne.Ledgers;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Formats;
using M1Parallel.MagenticOne.Tools;
using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Orchestration;

/// <summary>Magentic-One's orchestrator: an outer loop keeping the task ledger (facts and plan) and an inner loop
/// keeping the progress ledger (is the request satisfied, are we looping, are we progressing, who speaks next and
/// what to do), with stall counting, re-planning, a turn limit and a final-answer step.</summary>
internal sealed class Orchestrator
{
    private readonly TeamRun _run;
    private readonly IReadOnlyDictionary<string, ITeamAgent> _agents;
    private readonly IReadOnlyList<string> _names;
    private readonly string _team;
    private readonly List<ThreadMessage> _thread = [];
    private UsageDetails? _pendingLedgerUsage;

    public Orchestrator(TeamRun run, IReadOnlyList<ITeamAgent> agents)
    {
        _run = run;
        _agents = agents.ToDictionary(a => a.Name, StringComparer.Ordinal);
        _names = agents.Select(a => a.Name).ToList();
        _team = TeamDescription.Of(agents);
    }

    private TeamSettings Settings => _run.Settings;

    public int Turns { get; private set; }

    public int Replans { get; private set; }

    /// <summary>Works on <paramref name="task"/> from <paramref name="given"/> (or facts and a plan of its own when null)
    /// until the request is satisfied, the turn limit is reached or the progress ledger never parses.</summary>
    public async Task<TeamResult> RunAsync(string task, GivenPlan? given, CancellationToken cancellationToken)
    {
        _run.Record(AgentNames.User, TranscriptEntryKind.Task, task, _run.Now());
        var ledger = await CreateTaskLedgerAsync(task, given, cancellationToken).ConfigureAwait(false);
        var stalls = 0;
        await EnterOuterLoopAsync(task, ledger, resetAgents: false, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Turns >= Settings.MaxSteps)
            {
                var limit = $"The turn limit ({Settings.MaxSteps}) was reached before the request was satisfied.";
                if (Settings.OnLimit == OnLimit.Fail)
                {
                    return Unanswered(TeamStopReason.MaxTurnsReached, limit + " The team has no answer (on_limit: fail).");
                }

                return await FinalAnswerAsync(task, TeamStopReason.MaxTurnsReached, limit, cancellationToken).ConfigureAwait(false);
            }

            Turns++;
            _run.Turn = Turns;
            var (progress, ledgerError) = await ProgressLedgerAsync(task, cancellationToken).ConfigureAwait(false);
            if (progress is null)
            {
                var message =
                    $"The orchestrator's progress ledger could not be parsed in {Settings.MaxLedgerAttempts} attempt(s) at turn {Turns} (last problem: {ledgerError}). " +
                    "The model must reply with one JSON object holding is_request_satisfied, is_in_loop, is_progress_being_made, next_speaker and instruction_or_question, each {reason, answer}. " +
                    "Try a stronger model, thinking off for the orchestrator, or a higher MaxLedgerAttempts.";
                return Unanswered(TeamStopReason.LedgerUnparseable, message);
            }

            if (progress.IsRequestSatisfied.Answer)
            {
                var reason = progress.IsRequestSatisfied.Reason.Length > 0 ? progress.IsRequestSatisfied.Reason : "The request is satisfied.";
                return await FinalAnswerAsync(task, TeamStopReason.RequestSatisfied, reason, cancellationToken).ConfigureAwait(false);
            }

            stalls = !progress.IsProgressBeingMade.Answer || progress.IsInLoop.Answer ? stalls + 1 : Math.Max(0, stalls - 1);
            if (stalls >= Settings.MaxStalls)
            {
                Replans++;
                var note = $"Stalled {stalls} time(s) (limit {Settings.MaxStalls}); revising facts and plan and restarting the outer loop (re-plan {Replans}).";
                _run.Record(AgentNames.Orchestrator, TranscriptEntryKind.Note, note, _run.Now());
                var usage = new UsageDetails();
                ledger = await UpdateTaskLedgerAsync(task, ledger, usage, cancellationToken).ConfigureAwait(false);
                _run.Step(TeamStepKind.Replan, AgentNames.Orchestrator, ledger.Plan, usage);
                // As in AgentChat's Magentic-One orchestrator, re-entering the outer loop does not reset the stall count:
                // it falls only with progress, so a team that keeps stalling re-plans at each further stall.
                await EnterOuterLoopAsync(task, ledger, resetAgents: true, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var speaker = progress.NextSpeaker.Answer;
            var instruction = progress.InstructionOrQuestion.Answer.Trim();
            var instructionAt = _run.Now();
            _thread.Add(new ThreadMessage(AgentNames.Orchestrator, $"[to {speaker}] {instruction}"));
            _run.Record(AgentNames.Orchestrator, TranscriptEntryKind.Instruction, $"[to {speaker}] {instruction}", instructionAt);

            var agent = _agents[speaker];
            var started = _run.Now();
            var turn = await agent.RespondAsync(_thread, cancellationToken).ConfigureAwait(false);
            _thread.Add(new ThreadMessage(agent.Name, turn.Text));
            _run.Record(agent.Name, TranscriptEntryKind.AgentMessage, turn.Text, started, turn.FinalCallUsage);
            _run.Step(TeamStepKind.AgentReply, agent.Name, turn.Text, turn.StepUsage);
        }
    }

    /// <summary>The result of a run that stops now without an answer (also when the team is cancelled or fails).</summary>
    public TeamResult Unanswered(TeamStopReason reason, string message) => Stop(false, null, reason, message);

    private TeamResult Stop(bool answered, string? answer, TeamStopReason reason, string message) =>
        _run.Result(answered, answer, reason, message, Turns, Replans);

    /// <summary>The first task ledger: facts given with the plan are taken as they are; otherwise the facts are surveyed,
    /// and the plan is the given one or, without one, written in the same conversation.</summary>
    private async Task<TaskLedger> CreateTaskLedgerAsync(string task, GivenPlan? given, CancellationToken cancellationToken)
    {
        var usage = new UsageDetails();
        var planning = new List<ChatMessage>
        {
            new(ChatRole.System, TaskLedgerPrompts.System),
            new(ChatRole.User, TaskLedgerPrompts.Facts(task)),
        };
        string facts;
        if (given?.Facts is { } givenFacts)
        {
            facts = givenFacts;
            _run.Record(AgentNames.Orchestrator, TranscriptEntryKind.Facts, facts, _run.Now());
            _run.Record(AgentNames.Orchestrator, TranscriptEntryKind.Note, "The facts came from the planner's facts survey; none was made here.", _run.Now());
        }
        else
        {
            facts = await AskAsync(TeamRole.Orchestrator, planning, "facts", TranscriptEntryKind.Facts, usage, cancellationToken).ConfigureAwait(false);
        }

        string plan;
        if (given is not null)
        {
            plan = given.Plan;
            _run.Record(AgentNames.Orchestrator, TranscriptEntryKind.Plan, plan, _run.Now());
            _run.Record(AgentNames.Orchestrator, TranscriptEntryKind.Note, "The plan was supplied from outside; none was generated.", _run.Now());
        }
        else
        {
            planning.Add(new ChatMessage(ChatRole.Assistant, facts));
            planning.Add(new ChatMessage(ChatRole.User, TaskLedgerPrompts.Plan(_team)));
            plan = await AskAsync(TeamRole.Orchestrator, planning, "plan", TranscriptEntryKind.Plan, usage, cancellationToken).ConfigureAwait(false);
        }

        _pendingLedgerUsage = usage;
        return new TaskLedger(facts, plan);
    }

    private async Task EnterOuterLoopAsync(string task, TaskLedger ledger, bool resetAgents, CancellationToken cancellationToken)
    {
        if (resetAgents)
        {
            foreach (var agent in _agents.Values)
            {
                await agent.ResetAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _thread.Clear();
        var text = OrchestratorPrompts.TaskLedger(task, _team, ledger.Facts, ledger.Plan);
        _thread.Add(new ThreadMessage(AgentNames.Orchestrator, text));
        _run.Record(AgentNames.Orchestrator, TranscriptEntryKind.TaskLedger, text, _run.Now());
        _run.Step(TeamStepKind.TaskLedger, AgentNames.Orchestrator, ledger.Plan, _pendingLedgerUsage);
        _pendingLedgerUsage = null;
    }

    private async Task<TaskLedger> UpdateTaskLedgerAsync(string task, TaskLedger old, UsageDetails usage, CancellationToken cancellationToken)
    {
        var context = ThreadContext();
        context.Add(new ChatMessage(ChatRole.User, OrchestratorPrompts.FactsUpdate(task, old.Facts)));
        var facts = await AskAsync(TeamRole.Orchestrator, context, "facts_update", TranscriptEntryKind.Facts, usage, cancellationToken).ConfigureAwait(false);
        context.Add(new ChatMessage(ChatRole.Assistant, facts));
        context.Add(new ChatMessage(ChatRole.User, OrchestratorPrompts.PlanUpdate(_team)));
        var plan = await AskAsync(TeamRole.Orchestrator, context, "plan_update", TranscriptEntryKind.Plan, usage, cancellationToken).ConfigureAwait(false);
        return new TaskLedger(facts, plan);
    }

    private async Task<(ProgressLedger? Ledger, string? Error)> ProgressLedgerAsync(string task, CancellationToken cancellationToken)
    {
        var context = ThreadContext();
        context.Add(new ChatMessage(ChatRole.User, OrchestratorPrompts.ProgressLedger(task, _team, _names)));
        var client = _run.ClientFor(TeamRole.Orchestrator);
        var usage = new UsageDetails();
        string? error = null;
        for (var attempt = 1; attempt <= Settings.MaxLedgerAttempts; attempt++)
        {
            var started = _run.Now();
            var options = _run.NewChatOptions(TeamRole.Orchestrator, "progress_ledger", json: true);
            var response = await client.GetResponseAsync(context, options, cancellationToken).ConfigureAwait(false);
            if (response.Usage is not null)
            {
                usage.Add(response.Usage);
            }

            var reply = response.Text ?? string.Empty;
            _run.Record(AgentNames.Orchestrator, TranscriptEntryKind.ProgressLedger, ThinkingText.Strip(reply), started, response.Usage);
            if (ProgressLedgerParser.TryParse(reply, _names, out var ledger, out error))
            {
                _run.Step(TeamStepKind.ProgressLedger, AgentNames.Orchestrator,
                    ledger.IsRequestSatisfied.Answer
                        ? "request satisfied"
                        : $"next: {ledger.NextSpeaker.Answer}: {ledger.InstructionOrQuestion.Answer}",
                    usage);
                return (ledger, null);
            }

            _run.Record(AgentNames.Orchestrator, TranscriptEntryKind.Note,
                $"Progress ledger attempt {attempt} of {Settings.MaxLedgerAttempts} could not be used: {error}.", _run.Now());
            context.Add(new ChatMessage(ChatRole.Assistant, ToolTurn.Shorten(ThinkingText.Strip(reply), 4000)));
            context.Add(new ChatMessage(ChatRole.User, OrchestratorPrompts.LedgerRetry(error, _names)));
        }

        return (null, error);
    }

    private async Task<TeamResult> FinalAnswerAsync(string task, TeamStopReason reason, string why, CancellationToken cancellationToken)
    {
        var context = ThreadContext();
        var bestGuess = Settings.OnLimit == OnLimit.BestGuess;
        context.Add(new ChatMessage(ChatRole.User, OrchestratorPrompts.FinalAnswer(task, bestGuess, reason == TeamStopReason.MaxTurnsReached)));
        var usage = new UsageDetails();
        var reply = await AskAsync(TeamRole.FinalAnswer, context, "final_answer", TranscriptEntryKind.FinalAnswer, usage, cancellationToken).ConfigureAwait(false);
        var answer = FinalAnswerText.Extract(reply);
        var message = why;
        if (answer is null && !bestGuess)
        {
            message += " The final-answer reply has no 'FINAL ANSWER:' line, so the team has no answer (on_limit: fail).";
        }
        else if (answer is null)
        {
            context.Add(new ChatMessage(ChatRole.Assistant, reply));
            context.Add(new ChatMessage(ChatRole.User, OrchestratorPrompts.FinalAnswerRetry));
            var retry = await AskAsync(TeamRole.FinalAnswer, context, "final_answer_retry", TranscriptEntryKind.FinalAnswer, usage, cancellationToken).ConfigureAwait(false);
            answer = FinalAnswerText.Extract(retry);
            if (answer is null)
            {
                var lastLine = (retry.Length > 0 ? retry : reply).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
                answer = string.IsNullOrEmpty(lastLine) ? null : lastLine;
                message += answer is null
                    ? " The final-answer step produced no answer."
                    : " The final-answer step gave no 'FINAL ANSWER:' line even when asked again; its last line was taken as the answer.";
            }
        }

        _thread.Add(new ThreadMessage(AgentNames.Orchestrator, reply));
        _run.Step(TeamStepKind.FinalAnswer, AgentNames.Orchestrator, answer ?? "(no answer)", usage);
        return Stop(answer is not null, answer, reason, message);
    }

    /// <summary>Calls the model once and records the reply; returns the reply with thinking removed.</summary>
    private async Task<string> AskAsync(
        TeamRole role,
        List<ChatMessage> messages,
        string purpose,
        TranscriptEntryKind kind,
        UsageDetails usage,
        CancellationToken cancellationToken)
    {
        var started = _run.Now();
        var response = await _run.ClientFor(role).GetResponseAsync(messages, _run.NewChatOptions(role, purpose), cancellationToken).ConfigureAwait(false);
        if (response.Usage is not null)
        {
            usage.Add(response.Usage);
        }

        var text = ThinkingText.Strip(response.Text);
        _run.Record(AgentNames.Orchestrator, kind, text, started, response.Usage);
        return text;
    }

    /// <summary>The thread as the orchestrator sees it: its own messages as assistant turns, the others' as user turns.</summary>
    private List<ChatMessage> ThreadContext() => AgentContext.Build(TaskLedgerPrompts.System, AgentNames.Orchestrator, _thread);
}
