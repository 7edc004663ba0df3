using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// Persistent threads for parallel products. The calling thread and the workers claim parts from
/// a shared counter until none are left; nothing is allocated per call (no tasks, delegates or
/// closures).
/// </summary>
/// <remarks>
/// <para>Claiming instead of assigning parts means a worker that is slow to start (parked, or
/// descheduled because another process holds its core) delays nothing: the caller runs the part
/// itself. Which thread runs a part does not change its result.</para>
/// <para>A worker that finishes spins for <see cref="SpinMicroseconds"/> waiting for the next job
/// before parking on a semaphore: a training step issues products back to back with short
/// element-wise work in between, and waking a parked thread costs tens of microseconds, as much as a
/// small product itself.</para>
/// <para>One caller uses the pool at a time. A second thread that calls while it is busy runs its
/// parts sequentially on its own thread, which gives the same result.</para>
/// </remarks>
internal sealed class GemmWorkerPool
{
    private const int SpinMicroseconds = 200;

    private static readonly long s_spinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;

    private readonly Lock _growLock = new();
    private Worker[] _workers = [];
    private int _busy;
    private IParallelWork? _work;
    private long _claim;
    private int _completed;
    private Exception? _failure;

    /// <summary>The process-wide pool; its workers are created on first use.</summary>
    public static GemmWorkerPool Shared { get; } = new();

    /// <summary>Number of worker threads started so far.</summary>
    public int WorkerCount => Volatile.Read(ref _workers).Length;

    /// <summary>
    /// Whether a job is running now: a product called from inside one (or beside another caller's) will run its parts
    /// on the calling thread, so it is better cut into one part than into several run one after the other.
    /// </summary>
    public bool IsBusy => Volatile.Read(ref _busy) != 0;

    /// <summary>
    /// Values of element-wise work (batch norm's units × examples, a batch's copied rows, Adam's weights) from
    /// which splitting it in two pays for the hand-off: below it (W4's tiny steps) one thread does it all.
    /// </summary>
    public const int ElementwiseThreshold = 32_768;

    /// <summary>
    /// How many parts to cut <paramref name="values"/> values of element-wise work into, spread over
    /// <paramref name="units"/> independent units (rows, parameters): two when there is enough work and more
    /// than one unit, else one.
    /// </summary>
    public static int ElementwiseParts(long values, int units = int.MaxValue)
        => values >= ElementwiseThreshold && units >= 2 ? Math.Min(2, GemmOptions.DefaultMaxThreads) : 1;

    /// <summary>Runs parts 0 to <paramref name="parts"/> − 1 of <paramref name="work"/> and waits for all of them.</summary>
    public void Run(IParallelWork work, int parts)
    {
        if (parts > 1 && Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
        {
            try
            {
                RunParallel(work, parts);
            }
            finally
            {
                Volatile.Write(ref _busy, 0);
            }
            return;
        }

        for (int part = 0; part < parts; part++)
            work.Execute(part);
    }

    private void RunParallel(IParallelWork work, int parts)
    {
        Worker[] workers = EnsureWorkers(parts - 1);
        _work = work;
        _failure = null;
        Volatile.Write(ref _completed, 0);
        // Writing the claim word publishes the job: a worker reads the fields above only after
        // claiming a part from it.
        Volatile.Write(ref _claim, (long)parts << 32);
        for (int i = 0; i < parts - 1; i++)
            workers[i].Signal();

        RunParts();
        // Every part has been claimed; wait for the ones still running elsewhere. They are
        // about as long as the caller's, so spin (yielding now and then), never sleep.
        var spinner = new SpinWait();
        while (Volatile.Read(ref _completed) != parts)
            spinner.SpinOnce(sleep1Threshold: -1);
        _work = null;
        if (_failure is { } failure)
            ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>Claims and runs parts until none are left. Called by the caller and by workers.</summary>
    private void RunParts()
    {
        while (true)
        {
            // The part count and the next part live in one word and a part is claimed only if it exists
            // in the word it was read from. With a separate count, a worker delayed between taking a number
            // from one job and reading the count could take the same number from the next, larger job,
            // which then ran that part twice (possible only when part counts differ: more than two cores).
            long word = Volatile.Read(ref _claim);
            int part = (int)word;
            if (part >= (int)(word >> 32))
                return;
            if (Interlocked.CompareExchange(ref _claim, word + 1, word) != word)
                continue;
            try
            {
                _work!.Execute(part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
            finally
            {
                Interlocked.Increment(ref _completed);
            }
        }
    }

    private Worker[] EnsureWorkers(int count)
    {
        Worker[] workers = Volatile.Read(ref _workers);
        if (workers.Length >= count)
            return workers;
        lock (_growLock)
        {
            workers = _workers;
            if (workers.Length < count)
            {
                var grown = new Worker[count];
                workers.CopyTo(grown, 0);
                for (int i = workers.Length; i < count; i++)
                    grown[i] = new Worker(this, i + 1);
                Volatile.Write(ref _workers, grown);
                workers = grown;
            }
            return workers;
        }
    }

    /// <summary>One background thread: waits for a job, claims parts of it, repeats.</summary>
    private sealed class Worker
    {
        private readonly GemmWorkerPool _pool;
        private readonly SemaphoreSlim _wake = new(0);
        private int _signaled;
        private int _parked;

        public Worker(GemmWorkerPool pool, int index)
        {
            _pool = pool;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Backprop GEMM worker {index}" };
            thread.Start();
        }

        /// <summary>Tells the worker a job is waiting; wakes it if it has parked.</summary>
        public void Signal()
        {
            Volatile.Write(ref _signaled, 1);
            // Interlocked.Exchange is a full fence: either the worker sees _signaled before it
            // parks, or this sees _parked and releases it (see WaitForSignal).
            if (Interlocked.Exchange(ref _parked, 0) == 1)
                _wake.Release();
        }

        private void Loop()
        {
            GemmBuffers<float>.Prime();
            GemmBuffers<double>.Prime();
            while (true)
            {
                WaitForSignal();
                Volatile.Write(ref _signaled, 0);
                // A late wake-up may find the job finished (nothing left to claim) or even the
                // next job started; either way claiming from the counter is safe.
                _pool.RunParts();
            }
        }

        private void WaitForSignal()
        {
            long deadline = Stopwatch.GetTimestamp() + s_spinTicks;
            while (Volatile.Read(ref _signaled) == 0)
            {
                if (Stopwatch.GetTimestamp() < deadline)
                {
                    Thread.SpinWait(8);
                    continue;
                }

                Interlocked.Exchange(ref _parked, 1);
                // A signal that arrived meanwhile: if we take _parked back, Signal did not release
                // and we go; if Signal already took it, it released once and Wait consumes that.
                if (Volatile.Read(ref _signaled) != 0 && Interlocked.Exchange(ref _parked, 0) == 1)
                    return;
                _wake.Wait();
                deadline = Stopwatch.GetTimestamp() + s_spinTicks;
            }
        }
    }
}
