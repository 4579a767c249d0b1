using System.CommandLine;
using M1Parallel.Scoring;

namespace M1Parallel.Cli.Commands;

/// <summary><c>m1p score --pairs FILE</c>: scores <c>expected&lt;TAB&gt;answer</c> lines with GAIA's official rules.</summary>
internal static class ScoreCommand
{
    /// <summary>Creates the <c>score</c> command.</summary>
    public static Command Create()
    {
        var pairs = new Option<FileInfo>("--pairs")
        {
            Description = "File of lines 'expected<TAB>answer' ('-' reads standard input); the answer is the text after the last 'FINAL ANSWER:' when present (markdown around it removed).",
            Required = true,
        };
        var command = new Command("score", "Score answers against ground truth with GAIA's question_scorer; prints true or false per line.");
        command.Options.Add(pairs);
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var file = parseResult.GetValue(pairs)!;
            TextReader reader;
            if (file.Name == "-")
            {
                reader = Console.In;
            }
            else if (!file.Exists)
            {
                await error.WriteLineAsync($"error: pairs file '{file.FullName}' does not exist; pass a file of 'expected<TAB>answer' lines.");
                return 2;
            }
            else
            {
                reader = file.OpenText();
            }

            using (reader)
            {
                var results = new List<bool>();
                var lineNumber = 0;
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    lineNumber++;
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var tab = line.IndexOf('\t', StringComparison.Ordinal);
                    if (tab < 0)
                    {
                        await error.WriteLineAsync($"error: line {lineNumber}: no TAB between expected and answer; write 'expected<TAB>answer' (an empty answer still needs the TAB).");
                        return 2;
                    }

                    var expected = line[..tab];
                    results.Add(ReplyScorer.Score(line[(tab + 1)..], expected).Correct);
                }

                foreach (var correct in results)
                {
                    await output.WriteLineAsync(correct ? "true" : "false");
                }
            }

            return 0;
        });
        return command;
    }
}
