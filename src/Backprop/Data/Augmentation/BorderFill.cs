namespace Backprop.Data.Augmentation;

/// <summary>What a geometric augmentation samples where its source coordinates fall outside the image.</summary>
public enum BorderFill
{
    /// <summary>Outside pixels read as 0 (black after normalization to [0, 1], the mean after standardization).</summary>
    Zero,

    /// <summary>Outside pixels read as the nearest edge pixel, so no artificial border appears.</summary>
    Edge,
}
