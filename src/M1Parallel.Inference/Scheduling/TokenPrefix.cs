namespace M1Parallel.Inference.Scheduling;

/// <summary>The length of the common prefix of two token lists.</summary>
internal static class TokenPrefix
{
    public static int Length(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var n = Math.Min(a.Count, b.Count);
        var i = 0;
        while (i < n && a[i] == b[i])
        {
            i++;
        }

        return i;
    }
}
