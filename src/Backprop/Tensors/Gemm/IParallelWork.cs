namespace Backprop.Tensors.Gemm;

/// <summary>A job whose parts <see cref="GemmWorkerPool"/> runs concurrently.</summary>
internal interface IParallelWork
{
    /// <summary>Runs part <paramref name="part"/>; parts are independent of each other.</summary>
    void Execute(int part);
}
