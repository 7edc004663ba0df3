using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// Persistent threads for parallel products. The calling thread runs part 0 itself and the
/// workers run the rest; nothing is allocated per call (no tasks, delegates or closures).
/// </summary>
/// <remarks>
/// <para>A worker that finishes a part spins for <see cref="SpinMicroseconds"/> waiting for the next
/// one before parking on a semaphore: a training step issues products back to back with short
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
    private int _remaining;
    private Exception? _failure;

    /// <summary>The process-wide pool; its workers are created on first use.</summary>
    public static GemmWorkerPool Shared { get; } = new();

    /// <summary>Number of worker threads started so far.</summary>
    public int WorkerCount => Volatile.Read(ref _workers).Length;

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
        Volatile.Write(ref _remaining, parts - 1);
        for (int i = 0; i < parts - 1; i++)
            workers[i].Start(i + 1);
        try
        {
            work.Execute(0);
        }
        finally
        {
            // The parts are equal-sized, so the workers finish about when the caller does: spin,
            // yielding now and then in case a worker was descheduled, but never sleep.
            var spinner = new SpinWait();
            while (Volatile.Read(ref _remaining) != 0)
                spinner.SpinOnce(sleep1Threshold: -1);
            _work = null;
        }
        if (_failure is { } failure)
            ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>Called by a worker thread to run its part.</summary>
    private void ExecutePart(int part)
    {
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
            Interlocked.Decrement(ref _remaining);
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

    /// <summary>One background thread: waits for a part, runs it, repeats.</summary>
    private sealed class Worker
    {
        private readonly GemmWorkerPool _pool;
        private readonly SemaphoreSlim _wake = new(0);
        private int _part;
        private int _signaled;
        private int _parked;

        public Worker(GemmWorkerPool pool, int index)
        {
            _pool = pool;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Backprop GEMM worker {index}" };
            thread.Start();
        }

        /// <summary>Hands the worker a part; wakes it if it has parked.</summary>
        public void Start(int part)
        {
            _part = part;
            Volatile.Write(ref _signaled, 1);
            // Interlocked.Exchange is a full fence: either the worker sees _signaled before it
            // parks, or this sees _parked and releases it (see WaitForSignal).
            if (Interlocked.Exchange(ref _parked, 0) == 1)
                _wake.Release();
        }

        private void Loop()
        {
            while (true)
            {
                WaitForSignal();
                Volatile.Write(ref _signaled, 0);
                _pool.ExecutePart(_part);
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
                // A signal that arrived meanwhile: if we take _parked back, Start did not release
                // and we go; if Start already took it, it released once and Wait consumes that.
                if (Volatile.Read(ref _signaled) != 0 && Interlocked.Exchange(ref _parked, 0) == 1)
                    return;
                _wake.Wait();
                deadline = Stopwatch.GetTimestamp() + s_spinTicks;
            }
        }
    }
}
