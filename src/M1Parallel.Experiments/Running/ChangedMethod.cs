namespace M1Parallel.Experiments.Running;

/// <summary>A method whose settings differ from those its stored runs were made with.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="StoredRuns">Runs of it in the store.</param>
/// <param name="Differences">What changed, each as <c>key: stored → current</c>.</param>
public sealed record ChangedMethod(string Method, int StoredRuns, IReadOnlyList<string> Differences);
