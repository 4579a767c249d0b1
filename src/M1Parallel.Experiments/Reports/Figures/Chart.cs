using ScottPlot;

namespace M1Parallel.Experiments.Reports.Figures;

/// <summary>A drawn ScottPlot figure and the size, in SVG units, it is rendered at.</summary>
internal sealed class Chart(Plot plot, int width, int height) : IDisposable
{
    /// <summary>The plot holding the figure's data.</summary>
    public Plot Plot { get; } = plot;

    /// <summary>Width in SVG units (PNG pixels at scale 1).</summary>
    public int Width { get; } = width;

    /// <summary>Height in SVG units (PNG pixels at scale 1).</summary>
    public int Height { get; } = height;

    /// <inheritdoc />
    public void Dispose() => Plot.Dispose();
}
