using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Backprop.Tensors;
using Backprop.Tensors.Gemm;

namespace Backprop.Tests.Tensors;

/// <summary>
/// GEMM tests shared by both element types: every transpose variant and kernel path against the
/// naive reference on odd shapes, padded leading dimensions, special α/β, determinism and
/// allocation. Paths the machine lacks are skipped.
/// </summary>
public abstract class GemmTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Sizes that hit every remainder: one row, less than a tile, around a vector multiple, several blocks.</summary>
    private static readonly int[] s_sizes = [1, 7, 63, 65, 257];

    /// <summary>(α, β) pairs, rotated over the shapes; β = 0 runs with C filled with NaN.</summary>
    private static readonly (double Alpha, double Beta)[] s_scalars = [(1, 0), (-0.75, 0), (1, 1), (0.5, -1.25)];

    public static TheoryData<string, bool, bool> PathsAndTransposes()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var path in Enum.GetNames<GemmKernelPath>())
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                    data.Add(path, transA, transB);
        return data;
    }

    public static TheoryData<string> Paths() => new(Enum.GetNames<GemmKernelPath>());

    [Theory]
    [MemberData(nameof(PathsAndTransposes))]
    public void Matches_reference_on_odd_shapes(string pathName, bool transA, bool transB)
    {
        var options = Options(pathName, threads: 2);
        var random = new Random(1234 + (transA ? 2 : 0) + (transB ? 1 : 0));
        int index = 0;
        foreach (int m in s_sizes)
            foreach (int n in s_sizes)
                foreach (int k in s_sizes)
                {
                    var (alpha, beta) = s_scalars[index++ % s_scalars.Length];
                    CheckProduct(random, options, transA, transB, m, n, k, alpha, beta, padding: 0);
                }
    }

    [Theory]
    [MemberData(nameof(PathsAndTransposes))]
    public void Honours_leading_dimensions_larger_than_the_width(string pathName, bool transA, bool transB)
    {
        // Padding is NaN, so reading past a row's end would poison the result, and C's padding
        // must come back untouched.
        var options = Options(pathName, threads: 2);
        var random = new Random(99);
        CheckProduct(random, options, transA, transB, 33, 47, 129, 1, 0, padding: 5);
        CheckProduct(random, options, transA, transB, 20, 209, 401, 0.5, 2, padding: 3);
        CheckProduct(random, options, transA, transB, 70, 100, 40, -1, 1, padding: 17);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Skinny_workload_shapes_match_reference(string pathName)
    {
        // The cat model's layers (features × examples), scaled down in k to keep the reference fast.
        var options = Options(pathName, threads: 2);
        var random = new Random(7);
        CheckProduct(random, options, false, false, 20, 209, 3000, 1, 0, padding: 0);
        CheckProduct(random, options, false, true, 20, 3000, 209, 1, 0, padding: 0);
        CheckProduct(random, options, true, false, 20, 209, 7, 1, 0, padding: 0);
        CheckProduct(random, options, false, false, 1, 209, 5, 1, 0, padding: 0);
        CheckProduct(random, options, false, true, 5, 7, 209, 1, 0, padding: 0);
        CheckProduct(random, options, true, false, 256, 128, 128, 1, 0, padding: 0);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Results_are_bit_identical_across_thread_counts_and_calls(string pathName)
    {
        // k is never split, so each element is accumulated in the same order whichever thread
        // computes it; 3 and 4 threads also exercise two-dimensional grids of parts.
        var single = Options(pathName, threads: 1);
        var random = new Random(5);
        (int M, int N, int K, bool TransA, bool TransB)[] shapes =
        [
            (20, 209, 2000, false, false), (20, 2000, 209, false, true), (257, 257, 65, true, false),
            (65, 300, 257, true, true), (128, 256, 784, false, false), (300, 40, 400, false, true),
        ];
        foreach (var (m, n, k, transA, transB) in shapes)
        {
            var a = GemmReference.Random<T>(random, m * k);
            var b = GemmReference.Random<T>(random, k * n);
            var c0 = GemmReference.Random<T>(random, m * n);
            string context = $"{pathName} {(transA ? 'T' : 'N')}{(transB ? 'T' : 'N')} {m}×{n}×{k}";
            var one = Run(single, transA, transB, m, n, k, a, b, c0, T.CreateTruncating(0.5));
            foreach (int threads in new[] { 2, 3, 4, 2 })
            {
                var many = Run(single with { MaxThreads = threads }, transA, transB, m, n, k, a, b, c0, T.CreateTruncating(0.5));
                Assert.True(BitEqual(one, many), $"{context}: 1 and {threads} threads differ.");
            }
        }
        Assert.True(GemmWorkerPool.Shared.WorkerCount >= 1, "No product was large enough to use the worker pool.");
    }

    [Fact]
    public void Dot_product_path_matches_reference_and_is_bit_identical_across_thread_counts()
    {
        // Deep NT products (k ≥ 512) and skinny ones (m ≤ 28, k ≥ 128) in single precision run as dot products
        // on the AVX-512 path: odd m, n and k exercise short tiles (m % 4, n % 6) and the masked k tail.
        var avx512 = Options(nameof(GemmKernelPath.Avx512), threads: 1);
        Assert.SkipUnless(typeof(T) == typeof(float), "The dot-product path is single precision only.");
        // .NET leaves 512-bit vectors off on some AVX-512 processors (and with DOTNET_PreferredVectorBitWidth=256).
        Assert.SkipUnless(Vector512.IsHardwareAccelerated, "512-bit vectors are not accelerated here.");
        // 20×600×1000 and 64×66×512 are large enough to be split between threads; 20×600×1000 has two k blocks;
        // 6×4×144 and 2×10×128 have k a multiple of 16 and tiles of 2 and 4 columns or 2 rows.
        (int M, int N, int K)[] shapes = [(37, 45, 700), (9, 131, 129), (5, 7, 1000), (64, 66, 512), (28, 5, 130),
            (20, 600, 1000), (6, 4, 144), (2, 10, 128), (12, 38, 600)];
        var random = new Random(21);
        int index = 0;
        foreach (var (m, n, k) in shapes)
        {
            Assert.True(DotProductDriver.Suits<T, Avx512Kernel<T>>(false, true, m, k), $"{m}×{n}×{k} should run as dot products.");
            var (alpha, beta) = s_scalars[index++ % s_scalars.Length];
            CheckProduct(random, avx512 with { MaxThreads = 2 }, false, true, m, n, k, alpha, beta, padding: index % 2 == 0 ? 0 : 5);

            var a = GemmReference.Random<T>(random, m * k);
            var b = GemmReference.Random<T>(random, k * n);
            var c0 = GemmReference.Random<T>(random, m * n);
            var one = Run(avx512, false, true, m, n, k, a, b, c0, T.CreateTruncating(0.5));
            // The product went through the dot-product driver: calling it directly gives the same bits.
            Assert.True(BitEqual(one, RunDotDriver(m, n, k, a, b, c0, T.CreateTruncating(0.5))), $"{m}×{n}×{k}: not the dot-product path's bits.");
            foreach (int threads in new[] { 2, 3, 4 })
            {
                var many = Run(avx512 with { MaxThreads = threads }, false, true, m, n, k, a, b, c0, T.CreateTruncating(0.5));
                Assert.True(BitEqual(one, many), $"{m}×{n}×{k}: 1 and {threads} threads differ.");
            }
        }
        Assert.True(DotPartition(20, 600, 1000, 2).Parts > 1, "20×600×1000 should be split between two threads.");

        // Narrow tiles give the bits of wide ones: 38 columns run as 6 × 5 + 4 + 4 in one call, but columns 32–37 as
        // one tile of six when the call covers them alone (and 30–31 then fall in a narrow tile of two).
        {
            const int m = 9, n = 38, k = 600;
            var a = GemmReference.Random<T>(random, m * k);
            var b = GemmReference.Random<T>(random, k * n);
            var c0 = GemmReference.Random<T>(random, m * n);
            var whole = RunDotDriver(m, n, k, a, b, c0, T.CreateTruncating(0.5));
            var pieces = RunDotDriver(m, n, k, a, b, c0, T.CreateTruncating(0.5), (0, 32), (32, 38));
            Assert.True(BitEqual(whole, pieces), "Narrow and wide tiles differ.");
        }
        Assert.True(DotPartition(64, 66, 512, 2).Parts > 1, "64×66×512 should be split between two threads.");
        Assert.False(DotProductDriver.Suits<T, Avx512Kernel<T>>(false, true, 256, 256), "A shallow product with many rows keeps the packed path.");
        Assert.False(DotProductDriver.Suits<T, Avx512Kernel<T>>(false, false, 8, 1000), "Only op(B) = Bᵀ with op(A) = A reads rows along k.");
        Assert.False(DotProductDriver.Suits<T, Avx2Kernel<T>>(false, true, 8, 1000), "The dot-product kernel is AVX-512 only.");
    }

    [Fact]
    public void Dot_product_path_is_not_taken_in_double_precision()
    {
        Assert.SkipUnless(typeof(T) == typeof(double), "Double precision only.");
        Assert.False(DotProductDriver.Suits<T, Avx512Kernel<T>>(false, true, 8, 1000), "Double precision keeps the packed path.");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Reading_B_in_place_gives_the_bits_of_packing_it(string pathName)
    {
        // k = 400 is cut into k blocks of 200 floats or 136 doubles. All 400 rows on one thread are too many for the
        // part's packed A to stay in L2, so B is packed; half or a quarter of them read B's rows in place.
        const int m = 400, n = 70, k = 400;
        var single = Options(pathName, threads: 1);
        Assert.False(StreamsB(single.Path, k, m), "400 rows should pack B.");
        Assert.True(StreamsB(single.Path, k, m / 2), "200 rows should read B in place.");
        var random = new Random(11);
        var a = GemmReference.Random<T>(random, m * k);
        var b = GemmReference.Random<T>(random, k * n);
        var c0 = GemmReference.Random<T>(random, m * n);
        var packed = Run(single, false, false, m, n, k, a, b, c0, T.CreateTruncating(0.5));
        foreach (int threads in new[] { 2, 4 })
        {
            var parts = Partition(single.Path, m, n, k, threads);
            Assert.True(parts.RowParts >= 2, $"{threads} threads: expected the rows to be split, got {parts}.");
            var streamed = Run(single with { MaxThreads = threads }, false, false, m, n, k, a, b, c0, T.CreateTruncating(0.5));
            Assert.True(BitEqual(packed, streamed), $"{pathName}, {threads} threads: streamed B differs from packed B.");
        }
        CheckProduct(random, single with { MaxThreads = 2 }, false, false, m, n, k, 1, 1, padding: 3);
    }

    /// <remarks>
    /// Five calls after the first are measured, and at most one of them may allocate, at most 16 KiB: about once
    /// in twenty full-suite runs on the loaded 2-core machine, one call has shown a single 8 KiB allocation that no
    /// later call repeats (runtime bookkeeping on the calling thread, not reproduced in isolation). A GEMM that
    /// allocated per call would allocate on all five.
    /// </remarks>
    [Theory]
    [MemberData(nameof(Paths))]
    public void Calls_after_the_first_with_the_same_shapes_allocate_nothing(string pathName)
    {
        var options = Options(pathName, threads: 2);
        var random = new Random(3);
        (int M, int N, int K, bool TransA, bool TransB)[] shapes =
            [(20, 209, 3000, false, false), (20, 3000, 209, false, true), (200, 150, 300, true, true), (7, 209, 20, true, false)];
        foreach (var (m, n, k, transA, transB) in shapes)
        {
            var a = GemmReference.Random<T>(random, m * k);
            var b = GemmReference.Random<T>(random, k * n);
            var c = new T[m * n];
            Gemm.Compute(transA, transB, m, n, k, T.One, a, transA ? m : k, b, transB ? k : n, T.Zero, c, n, options);
            var allocated = new long[5];
            for (int call = 0; call < allocated.Length; call++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Gemm.Compute(transA, transB, m, n, k, T.One, a, transA ? m : k, b, transB ? k : n, T.Zero, c, n, options);
                allocated[call] = GC.GetAllocatedBytesForCurrentThread() - before;
            }
            string report = $"{m}×{n}×{k}: calls 2–6 allocated {string.Join(", ", allocated)} bytes.";
            Assert.True(allocated.Count(bytes => bytes != 0) <= 1, report);
            Assert.True(allocated.Max() <= 16 * 1024, report);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Zero_depth_or_zero_alpha_scales_C_by_beta(string pathName)
    {
        var options = Options(pathName, threads: 1);
        var a = new T[12];
        var b = new T[12];
        var c = Enumerable.Repeat(T.CreateTruncating(3), 6).ToArray();
        Gemm.Compute(false, false, 2, 3, 0, T.One, a, 1, b, 3, T.CreateTruncating(2), c, 3, options);
        Assert.All(c, x => Assert.Equal(T.CreateTruncating(6), x));
        c[0] = T.NaN;
        Gemm.Compute(false, false, 2, 3, 4, T.Zero, a, 4, b, 3, T.Zero, c, 3, options);
        Assert.All(c, x => Assert.Equal(T.Zero, x));
    }

    [Fact]
    public void Concurrent_callers_get_correct_results()
    {
        // While one thread holds the worker pool the other runs its parts inline; both must
        // still produce the single-threaded result.
        var random = new Random(11);
        const int M = 64, N = 300, K = 500;
        var a = GemmReference.Random<T>(random, M * K);
        var b = GemmReference.Random<T>(random, K * N);
        var expected = Run(GemmOptions.Default with { MaxThreads = 1 }, false, false, M, N, K, a, b, new T[M * N], T.Zero);
        var failures = 0;
        var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                var got = Run(GemmOptions.Default with { MaxThreads = 2 }, false, false, M, N, K, a, b, new T[M * N], T.Zero);
                if (!BitEqual(expected, got))
                    Interlocked.Increment(ref failures);
            }
        })).ToArray();
        foreach (var thread in threads)
            thread.Start();
        foreach (var thread in threads)
            thread.Join();
        Assert.Equal(0, failures);
    }

    [Fact]
    public void Multiply_computes_the_product_for_every_operand_layout()
    {
        var a = Matrix<T>.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Matrix<T>.FromArray(new double[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } });
        var expected = new double[,] { { 58, 64 }, { 139, 154 } };

        var c = new Matrix<T>(2, 2);
        Gemm.Multiply(a, MatrixOp.None, b, MatrixOp.None, c);
        Assert.Equal(expected, c.ToArray());

        var at = Matrix<T>.FromArray(new double[,] { { 1, 4 }, { 2, 5 }, { 3, 6 } });
        var bt = Matrix<T>.FromArray(new double[,] { { 7, 9, 11 }, { 8, 10, 12 } });
        Gemm.Multiply(at, MatrixOp.Transpose, bt, MatrixOp.Transpose, c);
        Assert.Equal(expected, c.ToArray());

        c.Span.Fill(T.One);
        Gemm.Multiply(T.CreateTruncating(2), a, MatrixOp.None, bt, MatrixOp.Transpose, T.CreateTruncating(-1), c);
        Assert.Equal(new double[,] { { 115, 127 }, { 277, 307 } }, c.ToArray());
    }

    [Fact]
    public void Multiply_returning_a_new_matrix_computes_the_whole_product()
    {
        var a = Matrix<T>.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var bt = Matrix<T>.FromArray(new double[,] { { 7, 9, 11 }, { 8, 10, 12 } });
        Assert.Equal(new double[,] { { 58, 64 }, { 139, 154 } }, Gemm.Multiply(a, MatrixOp.None, bt, MatrixOp.Transpose).ToArray());

        // Large enough for the large-object heap, where a reused uninitialized buffer can hold old values:
        // every element must come from the product, bit for bit as into a zeroed C.
        var random = new Random(8);
        var big = new Matrix<T>(300, 700, GemmReference.Random<T>(random, 300 * 700));
        var other = new Matrix<T>(700, 200, GemmReference.Random<T>(random, 700 * 200));
        var expected = new Matrix<T>(300, 200);
        Gemm.Multiply(big, MatrixOp.None, other, MatrixOp.None, expected);
        for (int call = 0; call < 3; call++)
        {
            var product = Gemm.Multiply(big, MatrixOp.None, other, MatrixOp.None);
            Assert.Equal((300, 200), (product.Rows, product.Columns));
            Assert.True(BitEqual(expected.Span.ToArray(), product.Span.ToArray()), $"call {call}: the new product differs from the product into a zeroed C.");
            // Dropped full of NaN and collected: the next uninitialized result may reuse the memory.
            product.Span.Fill(T.NaN);
            product = null!;
            GC.Collect();
        }

        var empty = Gemm.Multiply(new Matrix<T>(4, 0), MatrixOp.None, new Matrix<T>(0, 3), MatrixOp.None);
        Assert.All(empty.Span.ToArray(), value => Assert.Equal(T.Zero, value));
    }

    [Fact]
    public void Multiply_returning_a_new_matrix_names_both_shapes_when_inner_dimensions_differ()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => Gemm.Multiply(new Matrix<T>(2, 3), MatrixOp.None, new Matrix<T>(4, 5), MatrixOp.None));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 5]", ex.Message);
    }

    [Fact]
    public void Multiply_names_both_shapes_when_inner_dimensions_differ()
    {
        var a = new Matrix<T>(2, 3);
        var b = new Matrix<T>(4, 5);
        var ex = Assert.Throws<ShapeMismatchException>(() => Gemm.Multiply(a, MatrixOp.None, b, MatrixOp.None, new Matrix<T>(2, 5)));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 5]", ex.Message);
    }

    [Fact]
    public void Multiply_names_both_shapes_when_C_has_the_wrong_shape()
    {
        var a = new Matrix<T>(2, 3);
        var b = new Matrix<T>(5, 3);
        var ex = Assert.Throws<ShapeMismatchException>(() => Gemm.Multiply(a, MatrixOp.None, b, MatrixOp.Transpose, new Matrix<T>(2, 4)));
        Assert.Contains("[2, 5]", ex.Message);
        Assert.Contains("[2, 4]", ex.Message);
    }

    [Fact]
    public void Multiply_rejects_C_aliasing_an_operand()
    {
        var a = new Matrix<T>(3, 3);
        var b = new Matrix<T>(3, 3);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(a, MatrixOp.None, b, MatrixOp.None, a));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(a, MatrixOp.None, b, MatrixOp.Transpose, b));
    }

    [Fact]
    public void Compute_rejects_spans_too_short_for_their_shapes()
    {
        var c = new T[6];
        Assert.Throws<ArgumentException>(() => Gemm.Compute(false, false, 2, 3, 4, T.One, new T[7], 4, new T[12], 3, T.Zero, c, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Compute(false, false, 2, 3, 4, T.One, new T[8], 3, new T[12], 3, T.Zero, c, 3));
    }

    private static GemmOptions Options(string pathName, int threads)
    {
        var path = Enum.Parse<GemmKernelPath>(pathName);
        Assert.SkipUnless(GemmKernelPaths.IsSupported(path), $"{path} is not supported on this processor.");
        return new GemmOptions(path, threads);
    }

    /// <summary>
    /// One product with padded operands (leading dimension = width + <paramref name="padding"/>,
    /// padding NaN) checked against the reference; C's padding must be left alone.
    /// </summary>
    private static void CheckProduct(Random random, GemmOptions options, bool transA, bool transB,
        int m, int n, int k, double alpha, double beta, int padding)
    {
        int lda = (transA ? m : k) + padding, ldb = (transB ? k : n) + padding, ldc = n + padding;
        var a = Padded(random, transA ? k : m, transA ? m : k, lda);
        var b = Padded(random, transB ? n : k, transB ? k : n, ldb);
        var c = Padded(random, m, n, ldc);
        if (beta == 0)
            Array.Fill(c, T.NaN);
        var (expected, magnitude) = GemmReference.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        var sentinel = T.CreateTruncating(12345);
        for (int i = 0; i < m; i++)
            c.AsSpan(i * ldc + n, padding).Fill(sentinel);

        Gemm.Compute(transA, transB, m, n, k, T.CreateTruncating(alpha), a, lda, b, ldb, T.CreateTruncating(beta), c, ldc, options);

        string context = $"{options.Path} {(transA ? 'T' : 'N')}{(transB ? 'T' : 'N')} {m}×{n}×{k} α={alpha} β={beta} pad={padding}";
        GemmReference.AssertClose(expected, magnitude, c, m, n, ldc, k, context);
        for (int i = 0; i < m; i++)
            Assert.True(c.AsSpan(i * ldc + n, padding).IndexOfAnyExcept(sentinel) < 0, $"{context}: C's padding was written.");
    }

    /// <summary>A rows × columns matrix with row stride <paramref name="ld"/>; the padding is NaN.</summary>
    private static T[] Padded(Random random, int rows, int columns, int ld)
    {
        var data = new T[rows * ld];
        Array.Fill(data, T.NaN);
        for (int i = 0; i < rows; i++)
            GemmReference.Random<T>(random, columns).CopyTo(data.AsSpan(i * ld));
        return data;
    }

    private static T[] Run(GemmOptions options, bool transA, bool transB, int m, int n, int k, T[] a, T[] b, T[] c0, T beta)
    {
        var c = (T[])c0.Clone();
        Gemm.Compute(transA, transB, m, n, k, T.CreateTruncating(1.25), a, transA ? m : k, b, transB ? k : n, beta, c, n, options);
        return c;
    }

    private static bool StreamsB(GemmKernelPath path, int k, int rows) => path switch
    {
        GemmKernelPath.Avx512 => GemmBlocking.Create<T, Avx512Kernel<T>>(k).StreamsB<T, Avx512Kernel<T>>(false, rows),
        GemmKernelPath.Avx2 => GemmBlocking.Create<T, Avx2Kernel<T>>(k).StreamsB<T, Avx2Kernel<T>>(false, rows),
        _ => GemmBlocking.Create<T, PortableKernel<T>>(k).StreamsB<T, PortableKernel<T>>(false, rows),
    };

    private static unsafe GemmPartition Partition(GemmKernelPath path, int m, int n, int k, int threads)
    {
        GemmPartition Choose<TKernel>() where TKernel : struct, IMicroKernel<T>
            => GemmPartition.Choose<T, TKernel>(new GemmProblem<T>(false, false, m, n, k, T.One, null, k, null, n, T.Zero, null, n, GemmBlocking.Create<T, TKernel>(k)), threads);
        return path switch
        {
            GemmKernelPath.Avx512 => Choose<Avx512Kernel<T>>(),
            GemmKernelPath.Avx2 => Choose<Avx2Kernel<T>>(),
            _ => Choose<PortableKernel<T>>(),
        };
    }

    /// <summary>C = 1.25·A·Bᵀ + β·C0 through <see cref="DotProductDriver.Run{T}"/> on one thread (over the given column ranges, or all), bypassing the path choice.</summary>
    private static unsafe T[] RunDotDriver(int m, int n, int k, T[] a, T[] b, T[] c0, T beta, params (int N0, int N1)[] columnRanges)
    {
        var c = (T[])c0.Clone();
        fixed (T* pa = a, pb = b, pc = c)
        {
            var problem = new GemmProblem<T>(false, true, m, n, k, T.CreateTruncating(1.25), pa, k, pb, k, beta, pc, n, DotProductDriver.Blocking(k), true);
            if (columnRanges.Length == 0)
                columnRanges = [(0, n)];
            foreach (var (n0, n1) in columnRanges)
                DotProductDriver.Run(problem, 0, m, n0, n1);
        }
        return c;
    }

    private static unsafe GemmPartition DotPartition(int m, int n, int k, int threads)
        => GemmPartition.Choose<T, Avx512Kernel<T>>(new GemmProblem<T>(false, true, m, n, k, T.One, null, k, null, k, T.Zero, null, n, DotProductDriver.Blocking(k), true), threads);

    private static bool BitEqual(T[] x, T[] y)
        => MemoryMarshal.AsBytes(x.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(y.AsSpan()));
}

/// <summary>The GEMM tests in single precision.</summary>
// Measures allocations: runs alone, so other tests' garbage collections cannot blur the count.
[Collection(SerialCollection.Name)]
public sealed class GemmFloatTests : GemmTests<float>;

/// <summary>The GEMM tests in double precision.</summary>
// Measures allocations: runs alone, so other tests' garbage collections cannot blur the count.
[Collection(SerialCollection.Name)]
public sealed class GemmDoubleTests : GemmTests<double>;

/// <summary>GEMM behaviour that does not depend on the element type.</summary>
public sealed class GemmElementTypeTests
{
    [Fact]
    public void Multiply_rejects_element_types_without_kernels()
    {
        var a = new Matrix<Half>(2, 2);
        var ex = Assert.Throws<NotSupportedException>(() => Gemm.Multiply(a, MatrixOp.None, new Matrix<Half>(2, 2), MatrixOp.None, new Matrix<Half>(2, 2)));
        Assert.Contains("Half", ex.Message);
    }
}
