namespace M1Parallel.MagenticOne.Teams;

/// <summary>A setting of a team or a method has a value it cannot take; <see cref="Key"/> names it as an experiment spec
/// does (<c>max_steps</c>, <c>teams</c>, …), so a spec, the command line and code all report it the same way.</summary>
public sealed class InvalidSettingException : ArgumentException
{
    /// <summary>Creates the exception for the setting <paramref name="key"/> with what is wrong and how to fix it.</summary>
    public InvalidSettingException(string key, string problem)
        : base($"{key}: {problem}")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(problem);
        Key = key;
        Problem = problem;
    }

    /// <summary>The setting's key as an experiment spec writes it.</summary>
    public string Key { get; }

    /// <summary>What is wrong, and the fix, without the key.</summary>
    public string Problem { get; }

    /// <summary>Throws when <paramref name="value"/> of the setting <paramref name="key"/> is below <paramref name="minimum"/>
    /// (an unset value, null, never is).</summary>
    /// <exception cref="InvalidSettingException">The value is below the minimum.</exception>
    public static void ThrowIfBelow(string key, int? value, int minimum)
    {
        if (value < minimum)
        {
            throw new InvalidSettingException(key, $"{value} is below the minimum {minimum}");
        }
    }

    /// <summary>Throws when <paramref name="value"/> of the setting <paramref name="key"/> is not a named value of its enum;
    /// <paramref name="allowed"/> lists the spec's spellings (e.g. "fail or best_guess").</summary>
    /// <exception cref="InvalidSettingException">The value is not defined.</exception>
    public static void ThrowIfUndefined<T>(string key, T value, string allowed)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new InvalidSettingException(key, $"'{value}' is not {allowed}");
        }
    }
}
