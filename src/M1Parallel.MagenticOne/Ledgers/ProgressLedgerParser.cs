using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using M1Parallel.MagenticOne.Formats;

namespace M1Parallel.MagenticOne.Ledgers;

/// <summary>Turns a model's progress-ledger reply into a <see cref="ProgressLedger"/>, or explains why it cannot.</summary>
internal static class ProgressLedgerParser
{
    public const string IsRequestSatisfied = "is_request_satisfied";
    public const string IsInLoop = "is_in_loop";
    public const string IsProgressBeingMade = "is_progress_being_made";
    public const string NextSpeaker = "next_speaker";
    public const string InstructionOrQuestion = "instruction_or_question";

    private static readonly string[] RequiredKeys =
        [IsRequestSatisfied, IsInLoop, IsProgressBeingMade, NextSpeaker, InstructionOrQuestion];

    /// <summary>Parses <paramref name="reply"/>; on failure <paramref name="error"/> says what is wrong in words a model can act on.</summary>
    public static bool TryParse(
        string reply,
        IReadOnlyList<string> teamNames,
        [NotNullWhen(true)] out ProgressLedger? ledger,
        [NotNullWhen(false)] out string? error)
    {
        ledger = null;
        var text = ThinkingText.Strip(reply);
        if (text.Length == 0)
        {
            error = "the reply was empty (or only a thinking section); it must contain the JSON object";
            return false;
        }

        var objects = LenientJson.FindObjects(text, out var jsonError);
        if (objects.Count == 0)
        {
            error = jsonError is null
                ? "no JSON object was found in the reply"
                : $"the reply's JSON object is not valid JSON ({jsonError})";
            return false;
        }

        error = null;
        foreach (var obj in objects)
        {
            if (TryRead(obj, teamNames, out ledger, out var objectError))
            {
                error = null;
                return true;
            }

            error ??= objectError;
        }

        error ??= "the JSON object does not match the ledger schema";
        return false;
    }

    private static bool TryRead(
        JsonElement root,
        IReadOnlyList<string> teamNames,
        [NotNullWhen(true)] out ProgressLedger? ledger,
        [NotNullWhen(false)] out string? error)
    {
        ledger = null;
        var missing = RequiredKeys.Where(k => !TryGetProperty(root, k, out _)).ToList();
        if (missing.Count > 0)
        {
            error = $"the JSON object lacks the key(s) {string.Join(", ", missing.Select(k => $"\"{k}\""))}; all five keys are required, each an object with \"reason\" and \"answer\"";
            return false;
        }

        if (!TryBool(root, IsRequestSatisfied, out var satisfied, out error)
            || !TryBool(root, IsInLoop, out var inLoop, out error)
            || !TryBool(root, IsProgressBeingMade, out var progress, out error)
            || !TryString(root, NextSpeaker, out var speaker, out error)
            || !TryString(root, InstructionOrQuestion, out var instruction, out error))
        {
            return false;
        }

        if (!satisfied.Answer)
        {
            var match = MatchSpeaker(speaker.Answer, teamNames);
            if (match is null)
            {
                error = $"\"{NextSpeaker}\".\"answer\" is \"{speaker.Answer}\", which is not on the team; choose exactly one of: {string.Join(", ", teamNames)}";
                return false;
            }

            speaker = speaker with { Answer = match };
            if (string.IsNullOrWhiteSpace(instruction.Answer))
            {
                error = $"\"{InstructionOrQuestion}\".\"answer\" is empty; give {match} a concrete instruction or question";
                return false;
            }
        }

        ledger = new ProgressLedger(satisfied, inLoop, progress, speaker, instruction);
        error = null;
        return true;
    }

    /// <summary>The team member named: an exact name, the only name mentioned, or the only member there is.</summary>
    private static string? MatchSpeaker(string answer, IReadOnlyList<string> teamNames)
    {
        var trimmed = answer.Trim().Trim('"', '\'', '`', '*', '.').Trim();
        var exact = teamNames.FirstOrDefault(n => string.Equals(n, trimmed, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return exact;
        }

        var mentioned = teamNames.Where(n => trimmed.Contains(n, StringComparison.OrdinalIgnoreCase)).ToList();
        if (mentioned.Count == 1)
        {
            return mentioned[0];
        }

        return teamNames.Count == 1 ? teamNames[0] : null;
    }

    private static bool TryGetProperty(JsonElement root, string key, out JsonElement value)
    {
        foreach (var p in root.EnumerateObject())
        {
            if (string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                value = p.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Reads a key as {reason, answer}; a bare value is accepted as the answer with no reason.</summary>
    private static (string Reason, JsonElement Answer)? ReadEntry(JsonElement root, string key, out string? error)
    {
        TryGetProperty(root, key, out var entry);
        if (entry.ValueKind != JsonValueKind.Object)
        {
            error = null;
            return (string.Empty, entry);
        }

        if (!TryGetProperty(entry, "answer", out var answer))
        {
            error = $"\"{key}\" has no \"answer\" field; write it as {{\"reason\": \"...\", \"answer\": ...}}";
            return null;
        }

        var reason = TryGetProperty(entry, "reason", out var r) && r.ValueKind == JsonValueKind.String
            ? r.GetString() ?? string.Empty
            : string.Empty;
        error = null;
        return (reason, answer);
    }

    private static bool TryBool(JsonElement root, string key, [NotNullWhen(true)] out LedgerAnswer<bool>? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        if (ReadEntry(root, key, out var entryError) is not { } entry)
        {
            error = entryError ?? $"\"{key}\" could not be read";
            return false;
        }

        error = null;

        bool? answer = entry.Answer.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => entry.Answer.GetString()?.Trim().ToLowerInvariant() switch
            {
                "true" or "yes" => true,
                "false" or "no" => false,
                _ => null,
            },
            _ => null,
        };
        if (answer is null)
        {
            error = $"\"{key}\".\"answer\" must be true or false, not {entry.Answer.GetRawText()}";
            return false;
        }

        value = new LedgerAnswer<bool>(entry.Reason, answer.Value);
        return true;
    }

    private static bool TryString(JsonElement root, string key, [NotNullWhen(true)] out LedgerAnswer<string>? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        if (ReadEntry(root, key, out var entryError) is not { } entry)
        {
            error = entryError ?? $"\"{key}\" could not be read";
            return false;
        }

        error = null;

        var answer = entry.Answer.ValueKind switch
        {
            JsonValueKind.String => entry.Answer.GetString() ?? string.Empty,
            JsonValueKind.Number => entry.Answer.GetRawText(),
            JsonValueKind.Null => string.Empty,
            _ => null,
        };
        if (answer is null)
        {
            error = $"\"{key}\".\"answer\" must be a string, not {entry.Answer.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture)}";
            return false;
        }

        value = new LedgerAnswer<string>(entry.Reason, answer);
        return true;
    }
}
