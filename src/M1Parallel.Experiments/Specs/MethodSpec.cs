using M1Parallel.Methods;
using M1Parallel.Routing;

namespace M1Parallel.Experiments.Specs;

/// <summary>One method to compare: its name, what it does (<see cref="MethodSettings"/>) and where its roles' calls go.</summary>
/// <param name="Name">The method's name in results and reports.</param>
/// <param name="Settings">Single, early stop or aggregate, with every method and team setting.</param>
/// <param name="Routes">The backend every role uses (<c>backend</c>) and the roles routed elsewhere (<c>routes</c>).</param>
/// <remarks>A method's keys in a spec are <see cref="MethodSpecReader.Keys"/>; <see cref="MethodSpecReader"/> maps them.</remarks>
public sealed record MethodSpec(string Name, MethodSettings Settings, RoleRoutes Routes);
