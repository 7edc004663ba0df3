using System.Numerics;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// One validated product <c>C = α·op(A)·op(B) + β·C</c> on pinned row-major memory, together with
/// the blocking chosen for it. Every thread that works on the product reads the same instance.
/// </summary>
internal readonly unsafe struct GemmProblem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the problem; the pointers must stay pinned while it is in use.</summary>
    public GemmProblem(bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, GemmBlocking blocking, bool dotProducts = false)
    {
        DotProducts = dotProducts;
        TransA = transA;
        TransB = transB;
        M = m;
        N = n;
        K = k;
        Alpha = alpha;
        Beta = beta;
        A = a;
        Lda = lda;
        B = b;
        Ldb = ldb;
        C = c;
        Ldc = ldc;
        Blocking = blocking;
    }

    /// <summary>Whether op(A) = Aᵀ (A stored as [k, m]).</summary>
    public bool TransA { get; }

    /// <summary>Whether op(B) = Bᵀ (B stored as [n, k]).</summary>
    public bool TransB { get; }

    /// <summary>Rows of C.</summary>
    public int M { get; }

    /// <summary>Columns of C.</summary>
    public int N { get; }

    /// <summary>The inner dimension.</summary>
    public int K { get; }

    /// <summary>α.</summary>
    public T Alpha { get; }

    /// <summary>β; zero means C is write-only.</summary>
    public T Beta { get; }

    /// <summary>First element of A.</summary>
    public T* A { get; }

    /// <summary>Row stride of A as stored.</summary>
    public nint Lda { get; }

    /// <summary>First element of B.</summary>
    public T* B { get; }

    /// <summary>Row stride of B as stored.</summary>
    public nint Ldb { get; }

    /// <summary>First element of C.</summary>
    public T* C { get; }

    /// <summary>Row stride of C.</summary>
    public nint Ldc { get; }

    /// <summary>Whether the product runs as dot products (<see cref="DotProductDriver"/>) rather than packed panels.</summary>
    public bool DotProducts { get; }

    /// <summary>Block sizes for this product.</summary>
    public GemmBlocking Blocking { get; }

    /// <summary>Address of op(A)[i, p].</summary>
    public T* AAt(int i, int p) => TransA ? A + p * Lda + i : A + i * Lda + p;

    /// <summary>Address of op(B)[p, j].</summary>
    public T* BAt(int p, int j) => TransB ? B + j * Ldb + p : B + p * Ldb + j;

    /// <summary>Address of C[i, j].</summary>
    public T* CAt(int i, int j) => C + i * Ldc + j;
}
