namespace M1Parallel.MagenticOne.Teams;

/// <summary>What a team that never states an answer of its own gets (<c>on_limit</c>).</summary>
public enum OnLimit
{
    /// <summary>No answer (s_i = 0): a team that hits its turn limit, or whose final-answer reply has no
    /// <c>FINAL ANSWER:</c> line, has failed. The default, as Magentic-One is scored on GAIA.</summary>
    Fail,

    /// <summary>The team is still asked for its best guess at the turn limit, asked once more for a missing
    /// <c>FINAL ANSWER:</c> line, and its reply's last line is taken when even that has none (<c>best_guess</c>).</summary>
    BestGuess,
}
