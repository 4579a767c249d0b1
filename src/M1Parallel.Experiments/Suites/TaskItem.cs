namespace M1Parallel.Experiments.Suites;

/// <summary>One task of a GAIA-format suite: its question, level, expected answer and optional attached file.</summary>
/// <param name="TaskId">The task's id, unique within its suite.</param>
/// <param name="Question">The question given to the agents.</param>
/// <param name="Level">GAIA difficulty level (1–3).</param>
/// <param name="FinalAnswer">The ground truth that <see cref="M1Parallel.Scoring.GaiaScorer"/> compares against.</param>
/// <param name="FileName">The attached file's name as written in the metadata, or null when the task has none.</param>
/// <param name="FilePath">The attached file's full path, or null when the task has none.</param>
public sealed record TaskItem(string TaskId, string Question, int Level, string FinalAnswer, string? FileName, string? FilePath);
