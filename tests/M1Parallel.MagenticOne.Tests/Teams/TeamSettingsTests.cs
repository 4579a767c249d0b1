using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.MagenticOne.Tests.Teams;

public sealed class TeamSettingsTests
{
    public static TheoryData<string, Func<TeamSettings>, string> BadValues => new()
    {
        { "max_steps", () => new TeamSettings { MaxSteps = 0 }, "0 is below the minimum 1" },
        { "max_stalls", () => new TeamSettings { MaxStalls = 0 }, "0 is below the minimum 1" },
        { "max_ledger_attempts", () => new TeamSettings { MaxLedgerAttempts = 0 }, "0 is below the minimum 1" },
        { "max_output_tokens", () => new TeamSettings { MaxOutputTokens = 0 }, "0 is below the minimum 1" },
        { "on_limit", () => new TeamSettings { OnLimit = (OnLimit)7 }, "'7' is not fail or best_guess" },
        { "agents", () => new TeamSettings { Agents = TeamAgents.None }, "non-empty list of agents (web_surfer, file_surfer, coder, computer_terminal)" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Settings_BadValue_IsRejectedNamingTheSpecKeyAndTheFix(string key, Func<TeamSettings> make, string problem)
    {
        var error = Assert.Throws<InvalidSettingException>(make);

        Assert.Equal(key, error.Key);
        Assert.Contains(problem, error.Problem);
        Assert.StartsWith($"{key}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_Defaults_FailAtTheLimitAndRetryTheLedgerTenTimesAsAgentChat()
    {
        var settings = new TeamSettings();

        Assert.Equal(OnLimit.Fail, settings.OnLimit);
        Assert.Equal(10, settings.MaxLedgerAttempts);
    }

    [Fact]
    public void Settings_With_KeepsEveryOtherSetting()
    {
        var settings = new TeamSettings { MaxStalls = 2, EnableThinking = true, Agents = TeamAgents.Coder };

        var changed = settings with { MaxSteps = 7 };

        Assert.Equal(7, changed.MaxSteps);
        Assert.Equal(2, changed.MaxStalls);
        Assert.True(changed.EnableThinking);
        Assert.Equal(TeamAgents.Coder, changed.Agents);
    }
}
