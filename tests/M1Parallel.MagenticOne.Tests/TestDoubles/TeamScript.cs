using M1Parallel.MagenticOne.Teams;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Tests.TestDoubles;

/// <summary>Builds a team whose orchestrator and agents are scripted clients, dispatching on each call's purpose.</summary>
internal sealed class TeamScript : IDisposable
{
    private int _ledgerCalls;

    public TeamScript()
    {
        Orchestrator = new ScriptedChatClient(RespondAsOrchestrator);
        Coder = new ScriptedChatClient(call => CoderReply(call));
        FileSurfer = new ScriptedChatClient(call => FileSurferReply(call));
    }

    public TempFolder Folder { get; } = new();

    public ScriptedChatClient Orchestrator { get; }

    public ScriptedChatClient Coder { get; }

    public ScriptedChatClient FileSurfer { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)) { AutoAdvance = TimeSpan.FromMilliseconds(10), SystemTimers = true };

    public List<TeamStep> Steps { get; } = [];

    /// <summary>Reply to the n-th progress-ledger call (from 0).</summary>
    public Func<int, ChatCall, string> Ledger { get; set; } = (_, _) => TestDoubles.Ledger.Json(satisfied: true);

    public Func<ChatCall, string> Facts { get; set; } = _ => "1. GIVEN OR VERIFIED FACTS\n- none\n2. FACTS TO LOOK UP\n3. FACTS TO DERIVE\n4. EDUCATED GUESSES";

    public Func<ChatCall, string> Plan { get; set; } = _ => "- Coder computes the answer\n- ComputerTerminal runs it";

    public Func<ChatCall, string> FinalAnswer { get; set; } = _ => "We computed it.\nFINAL ANSWER: 42";

    public Func<ChatCall, ChatResponse> CoderReply { get; set; } = _ => ScriptedChatClient.Text("```python\nprint(6 * 7)\n```");

    public Func<ChatCall, ChatResponse> FileSurferReply { get; set; } = _ => ScriptedChatClient.Text("Nothing to read.");

    public int LedgerCalls => _ledgerCalls;

    public Team Build(Func<TeamOptions, TeamOptions>? configure = null)
    {
        var clients = new TeamChatClients(Orchestrator) { Coder = Coder, FileSurfer = FileSurfer };
        var options = new TeamOptions(clients, Folder.Path)
        {
            TimeProvider = Clock,
            OnStep = step =>
            {
                lock (Steps)
                {
                    Steps.Add(step);
                }
            },
        };
        return new Team(configure?.Invoke(options) ?? options);
    }

    private ChatResponse RespondAsOrchestrator(ChatCall call) => call.Purpose switch
    {
        "facts" or "facts_update" => ScriptedChatClient.Text(Facts(call)),
        "plan" or "plan_update" => ScriptedChatClient.Text(Plan(call)),
        "progress_ledger" => ScriptedChatClient.Text(Ledger(Interlocked.Increment(ref _ledgerCalls) - 1, call)),
        "final_answer" or "final_answer_retry" => ScriptedChatClient.Text(FinalAnswer(call)),
        _ => throw new InvalidOperationException($"Unexpected orchestrator call with purpose '{call.Purpose}'."),
    };

    public void Dispose() => Folder.Dispose();
}
