using System.Numerics;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// A parallel product handed to <see cref="GemmWorkerPool"/>. One instance per calling thread and
/// element type is reused for every call, so dispatching allocates nothing.
/// </summary>
internal sealed unsafe class GemmJob<T> : IParallelWork where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic]
    private static GemmJob<T>? t_instance;

    private GemmProblem<T> _problem;
    private GemmPartition _partition;
    private delegate*<in GemmProblem<T>, int, int, int, int, void> _driver;
    private IGemmEpilogue? _epilogue;

    /// <summary>
    /// Runs <paramref name="driver"/> over every part of <paramref name="partition"/>, on the pool's
    /// workers and the calling thread, each part followed by <paramref name="epilogue"/> over it, and returns when
    /// all parts are done.
    /// </summary>
    public static void Run(in GemmProblem<T> problem, GemmPartition partition,
        delegate*<in GemmProblem<T>, int, int, int, int, void> driver, IGemmEpilogue? epilogue = null)
    {
        var job = t_instance ??= new GemmJob<T>();
        // The caller may run any part, or none when the workers claim them all first. Its packing buffers are
        // made now either way, so a product that happens to run a part here for the first time later does not
        // allocate then (steady-state training must not allocate, whichever thread wins each part).
        GemmBuffers<T>.Prime();
        job._problem = problem;
        job._partition = partition;
        job._driver = driver;
        job._epilogue = epilogue;
        GemmWorkerPool.Shared.Run(job, partition.Parts);
        job._epilogue = null;
    }

    /// <inheritdoc/>
    public void Execute(int part)
    {
        _partition.Region(part, out int m0, out int m1, out int n0, out int n1);
        _driver(in _problem, m0, m1, n0, n1);
        _epilogue?.Apply(m0, m1, n0, n1);
    }
}
