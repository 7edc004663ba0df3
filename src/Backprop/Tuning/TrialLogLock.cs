namespace Backprop.Tuning;

/// <summary>
/// An exclusive lock on a trial log, held through a sidecar file (<c>LOG.lock</c>) opened with
/// <see cref="FileShare.None"/>: on Linux and macOS .NET takes <c>flock(LOCK_EX | LOCK_NB)</c> on it, on
/// Windows a share-mode lock. The operating system drops the lock when the holder dies, so a killed worker
/// never leaves the log locked.
/// </summary>
/// <remarks>
/// <para>Why a lock at all, rather than appends with <c>O_APPEND</c>: .NET's <see cref="FileMode.Append"/> does
/// not open with <c>O_APPEND</c> on Linux. It opens with <c>O_WRONLY | O_CREAT</c>, reads the length once and
/// then writes with <c>pwrite</c> at that offset (seen with strace, .NET 10). Two processes appending at the
/// same time therefore write over each other: four processes appending 1,500 lines of 125 bytes each left
/// 5,328 of 6,000 lines, 9 of them mangled. With a real <c>O_APPEND</c> (Python's <c>os.open</c>, ext4) the same
/// experiment keeps all 6,000 lines intact, since the kernel positions and writes each append as one step
/// (<c>PIPE_BUF</c> is a promise about pipes, not files); but .NET cannot ask for <c>O_APPEND</c>, and over NFS
/// it is not atomic anyway. Every append
/// and every read-then-claim happens under this lock instead, so records never interleave and two workers
/// never claim the same trial.</para>
/// <para>On NFS the Linux client turns <c>flock</c> into a POSIX byte-range lock that the server arbitrates
/// (NFSv4, or v3 with lockd), so the protocol holds for workers on several machines sharing the folder.
/// Setting <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> turns .NET's locking off; shared logs then refuse to open.</para>
/// </remarks>
internal sealed class TrialLogLock : IDisposable
{
    private readonly FileStream _file;

    private TrialLogLock(FileStream file) => _file = file;

    /// <summary>How long <see cref="Acquire"/> keeps trying before giving up.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>True when .NET was told not to lock files, so the lock would silently lock nothing.</summary>
    public static bool Disabled
    {
        get
        {
            string? value = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING");
            return value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Takes the lock on <paramref name="lockPath"/>, retrying with short sleeps while another worker holds it.</summary>
    /// <exception cref="IOException">The lock was not free within <see cref="Timeout"/>, or locking is disabled.</exception>
    public static TrialLogLock Acquire(string lockPath)
    {
        if (Disabled)
            throw new IOException($"Cannot lock '{lockPath}': DOTNET_SYSTEM_IO_DISABLEFILELOCKING is set, so workers sharing the trial log could claim the same trial. Unset it.");
        var deadline = DateTime.UtcNow + Timeout;
        int sleep = 1;
        while (true)
        {
            try
            {
                return new TrialLogLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
            }
            catch (IOException) when (File.Exists(lockPath) && DateTime.UtcNow < deadline)
            {
                // Held by another worker for the few milliseconds of a read and an append: back off a little.
                Thread.Sleep(sleep);
                sleep = Math.Min(sleep * 2, 50);
            }
            catch (IOException ex) when (File.Exists(lockPath))
            {
                throw new IOException($"Cannot lock '{lockPath}': another worker has held it for {Timeout.TotalSeconds:0} s.", ex);
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();
}
