using Backprop.Data.Augmentation;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Tests.Data;

// Measures allocations: runs alone, so other tests' garbage collections cannot blur the count.
[Collection(SerialCollection.Name)]
public class AugmentationTests
{
    /// <summary>A source whose uniforms are all one value, to pin a step's random choice exactly.</summary>
    private sealed class ConstantRandom(double uniform) : IRandomSource
    {
        public uint NextUInt32() => (uint)(uniform * 4294967296.0);
        public double NextDouble() => uniform;
        public double NextGaussian() => 0;
        public uint NextInterval(uint maxInclusive) => 0;
    }

    // Column j of image example e holds 100·e + feature index, so every value says where it came from.
    private static Matrix<double> IndexImages(ImageShape shape, int examples)
    {
        var x = new Matrix<double>(shape.Length, examples);
        for (int i = 0; i < shape.Length; i++)
            for (int j = 0; j < examples; j++)
                x[i, j] = 100 * j + i;
        return x;
    }

    private static Matrix<T> RandomBatch<T>(int rows, int columns, ulong seed) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new FastRandom(seed);
        var x = new Matrix<T>(rows, columns);
        foreach (ref T v in x.Span)
            v = T.CreateTruncating(random.NextDouble() * 2 - 1);
        return x;
    }

    private static long[] Bits(Matrix<double> x) => [.. x.Span.ToArray().Select(BitConverter.DoubleToInt64Bits)];

    private static int[] Bits(Matrix<float> x) => [.. x.Span.ToArray().Select(BitConverter.SingleToInt32Bits)];

    [Fact]
    public void Flip_of_a_2x3x3_image_mirrors_the_columns_exactly()
    {
        var shape = new ImageShape(2, 3, 3);
        var x = IndexImages(shape, 2);

        new Augmenter(shape, new HorizontalFlip(1)).Apply(x, new FastRandom(1));

        // Row r, column c, channel k comes from column 2 − c: index (r·3 + 2 − c)·3 + k.
        int[] mirrored = [6, 7, 8, 3, 4, 5, 0, 1, 2, 15, 16, 17, 12, 13, 14, 9, 10, 11];
        for (int j = 0; j < 2; j++)
            Assert.Equal(mirrored.Select(i => 100.0 * j + i), x.ToArray().Cast<double>().Where((_, k) => k % 2 == j));
    }

    [Fact]
    public void Flip_with_probability_0_is_the_identity_and_1_always_flips()
    {
        var shape = new ImageShape(4, 5, 2);
        var x = RandomBatch<float>(shape.Length, 50, 2);
        var never = x.Clone();
        var always = x.Clone();

        new Augmenter(shape, new HorizontalFlip(0)).Apply(never, new FastRandom(3));
        new Augmenter(shape, new HorizontalFlip(1)).Apply(always, new FastRandom(3));

        Assert.Equal(Bits(x), Bits(never));
        for (int j = 0; j < 50; j++)
            for (int r = 0; r < 4; r++)
                for (int c = 0; c < 5; c++)
                    for (int k = 0; k < 2; k++)
                        Assert.Equal(x[shape.Index(r, 4 - c, k), j], always[shape.Index(r, c, k), j]);
    }

    [Fact]
    public void Flip_with_probability_one_half_flips_about_half_the_examples()
    {
        var shape = new ImageShape(1, 2, 1);
        var x = new Matrix<double>(2, 10_000);
        x.Row(1).Fill(1);

        new Augmenter(shape, new HorizontalFlip()).Apply(x, new FastRandom(4));

        double flipped = x.Row(0).ToArray().Average();
        Assert.InRange(flipped, 0.47, 0.53);
    }

    [Fact]
    public void Rotation_by_0_degrees_and_crop_at_scale_1_are_exact_identities()
    {
        var shape = new ImageShape(7, 6, 3);
        var x = RandomBatch<double>(shape.Length, 9, 5);
        x[0, 0] = -0.0;
        var y = x.Clone();

        new Augmenter(shape, new SmallRotation(0), new RandomCrop(1, 1), new SmallRotation(0, BorderFill.Edge)).Apply(y, new FastRandom(6));

        Assert.Equal(Bits(x), Bits(y));
    }

    [Fact]
    public void Rotation_by_minus_90_degrees_of_a_square_image_is_the_clockwise_index_map()
    {
        var shape = new ImageShape(4, 4, 2);
        var x = IndexImages(shape, 1);
        var rotated = x.Clone();

        // u = 0 draws θ = 90·(2·0 − 1) = −90°, a quarter turn clockwise: out[r, c] = in[N−1−c, r].
        new SmallRotation(90).Apply(rotated.Span, shape, new double[shape.Length], new ConstantRandom(0));

        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                for (int k = 0; k < 2; k++)
                    Assert.Equal(x[shape.Index(3 - c, r, k), 0], rotated[shape.Index(r, c, k), 0]);
    }

    [Fact]
    public void Rotation_by_180_degrees_reverses_rows_and_columns_even_when_not_square()
    {
        var shape = new ImageShape(3, 5, 1);
        var x = IndexImages(shape, 1);
        var rotated = x.Clone();

        new Augmenter(shape, new SmallRotation(180)).Apply(rotated, new ConstantRandom(0));

        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 5; c++)
                Assert.Equal(x[shape.Index(2 - r, 4 - c, 0), 0], rotated[shape.Index(r, c, 0), 0]);
    }

    [Fact]
    public void Rotation_fills_uncovered_corners_with_zero_or_the_edge()
    {
        var shape = new ImageShape(9, 9, 1);
        var ones = new Matrix<double>(shape.Length, 1);
        ones.Span.Fill(1);
        var zeroFill = ones.Clone();
        var edgeFill = ones.Clone();

        // u = 0.25 draws θ = −22.5°.
        new Augmenter(shape, new SmallRotation(45, BorderFill.Zero)).Apply(zeroFill, new ConstantRandom(0.25));
        new Augmenter(shape, new SmallRotation(45, BorderFill.Edge)).Apply(edgeFill, new ConstantRandom(0.25));

        Assert.Equal(0, zeroFill[shape.Index(0, 0, 0), 0]);
        Assert.Equal(1, zeroFill[shape.Index(4, 4, 0), 0]);
        Assert.All(edgeFill.Span.ToArray(), v => Assert.Equal(1, v, 1e-12));
    }

    [Fact]
    public void Crop_zooms_into_the_drawn_window_with_bilinear_resampling()
    {
        // A horizontal ramp: pixel (r, c) = c. With u = 0 the window is the top-left half (s = 0.5), so
        // output column c samples x = (c + ½)·0.5 − ½, clamped to the left edge.
        var shape = new ImageShape(8, 8, 1);
        var x = new Matrix<double>(shape.Length, 1);
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 8; c++)
                x[shape.Index(r, c, 0), 0] = c;

        new Augmenter(shape, new RandomCrop(0.5, 1)).Apply(x, new ConstantRandom(0));

        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 8; c++)
                Assert.Equal(Math.Max(0, 0.5 * c - 0.25), x[shape.Index(r, c, 0), 0], 1e-12);
    }

    [Fact]
    public void Gaussian_noise_has_the_requested_standard_deviation()
    {
        var x = new Matrix<double>(20, 10_000);

        new Augmenter(new GaussianNoise(0.3)).Apply(x, new FastRandom(7));

        double[] values = x.Span.ToArray();
        double mean = values.Average();
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(std, 0.297, 0.303);
    }

    [Fact]
    public void Same_seed_gives_the_same_bits_and_different_seeds_differ()
    {
        var shape = new ImageShape(6, 6, 3);
        var augmenter = new Augmenter(shape, new HorizontalFlip(), new RandomCrop(0.7, 1), new SmallRotation(15), new GaussianNoise(0.05));
        var x = RandomBatch<float>(shape.Length, 16, 8);
        var first = x.Clone();
        var second = x.Clone();
        var other = x.Clone();

        augmenter.Apply(first, new FastRandom(42));
        augmenter.Apply(second, new FastRandom(42));
        augmenter.Apply(other, new FastRandom(43));

        Assert.Equal(Bits(first), Bits(second));
        Assert.NotEqual(Bits(first), Bits(other));
        Assert.NotEqual(Bits(x), Bits(first));
    }

    [Fact]
    public void Rows_of_a_batch_held_example_by_example_get_exactly_what_the_columns_get()
    {
        var shape = new ImageShape(6, 5, 3);
        var augmenter = new Augmenter(shape, new HorizontalFlip(), new RandomCrop(0.7, 1), new SmallRotation(15), new GaussianNoise(0.05));
        var columns = RandomBatch<float>(shape.Length, 9, 11);
        var rows = TestMatrix.Transposed(columns);

        augmenter.Apply(columns, new FastRandom(5));
        augmenter.ApplyRows(rows, new FastRandom(5));

        Assert.Equal(Bits(columns), Bits(TestMatrix.Transposed(rows)));
    }

    [Fact]
    public void Rows_whose_length_is_not_the_image_size_are_rejected_naming_both()
    {
        var augmenter = new Augmenter(new ImageShape(4, 4, 1), new HorizontalFlip());
        var rows = new Matrix<float>(3, 15);
        var before = rows.Span.ToArray();
        var ex = Assert.Throws<ShapeMismatchException>(() => augmenter.ApplyRows(rows, new FastRandom(1)));
        Assert.Contains("16", ex.Message);
        Assert.Contains("[3, 15]", ex.Message);
        Assert.Equal(before, rows.Span.ToArray());
    }

    [Fact]
    public void Noise_on_tabular_data_is_reproducible_by_seed()
    {
        var x = RandomBatch<double>(7, 30, 9);
        var a = x.Clone();
        var b = x.Clone();
        var c = x.Clone();
        var augmenter = new Augmenter(new GaussianNoise(0.1));

        augmenter.Apply(a, new NumPyRandom(1));
        augmenter.Apply(b, new NumPyRandom(1));
        augmenter.Apply(c, new NumPyRandom(2));

        Assert.Equal(Bits(a), Bits(b));
        Assert.NotEqual(Bits(a), Bits(c));
    }

    [Fact]
    public void Destination_overload_leaves_the_source_and_matches_in_place()
    {
        var shape = new ImageShape(5, 4, 1);
        var augmenter = new Augmenter(shape, new RandomCrop(0.6, 0.9), new GaussianNoise(0.2));
        var x = RandomBatch<double>(shape.Length, 8, 10);
        var original = x.Clone();
        var destination = new Matrix<double>(x.Rows, x.Columns);

        augmenter.Apply(x, destination, new FastRandom(11));
        augmenter.Apply(x, new FastRandom(11));

        Assert.Equal(Bits(destination), Bits(x));
        Assert.NotEqual(Bits(original), Bits(x));
        Assert.Throws<ShapeMismatchException>(() => augmenter.Apply(original, new Matrix<double>(x.Rows, 7), new FastRandom(1)));
    }

    [Fact]
    public void Shape_mismatch_names_both_sizes()
    {
        var augmenter = new Augmenter(new ImageShape(2, 3, 3), new HorizontalFlip());

        var error = Assert.Throws<ShapeMismatchException>(() => augmenter.Apply(new Matrix<float>(20, 4), new FastRandom(1)));
        var stepError = Assert.Throws<ShapeMismatchException>(() => new SmallRotation(5).Apply(new double[10], new ImageShape(2, 2, 2), new double[10], new FastRandom(1)));

        Assert.Contains("2×3×3 holds 18 values", error.Message);
        Assert.Contains("[20, 4] with 20 features", error.Message);
        Assert.Contains("holds 8 values", stepError.Message);
        Assert.Contains("has 10", stepError.Message);
    }

    [Fact]
    public void Image_steps_need_an_image_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => new Augmenter(new GaussianNoise(0.1), new SmallRotation(10)));

        Assert.Contains("step 1", error.Message);
        Assert.Throws<ArgumentNullException>(() => new HorizontalFlip().Apply(new double[4], null, new double[4], new FastRandom(1)));
    }

    [Fact]
    public void Constructors_reject_out_of_range_values_naming_the_parameter()
    {
        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => new HorizontalFlip(1.5)).ParamName);
        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => new HorizontalFlip(double.NaN)).ParamName);
        Assert.Equal("stddev", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoise(-0.1)).ParamName);
        Assert.Equal("stddev", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoise(double.PositiveInfinity)).ParamName);
        Assert.Equal("maxDegrees", Assert.Throws<ArgumentOutOfRangeException>(() => new SmallRotation(181)).ParamName);
        Assert.Equal("maxDegrees", Assert.Throws<ArgumentOutOfRangeException>(() => new SmallRotation(-1)).ParamName);
        Assert.Equal("fill", Assert.Throws<ArgumentOutOfRangeException>(() => new SmallRotation(5, (BorderFill)7)).ParamName);
        Assert.Equal("minScale", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomCrop(0, 1)).ParamName);
        Assert.Equal("maxScale", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomCrop(0.8, 0.7)).ParamName);
        Assert.Equal("maxScale", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomCrop(0.8, 1.1)).ParamName);
        Assert.Equal("Height", Assert.Throws<ArgumentOutOfRangeException>(() => new ImageShape(0, 3, 3)).ParamName);
        Assert.Equal("Channels", Assert.Throws<ArgumentOutOfRangeException>(() => new ImageShape(3, 3, -1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageShape(65536, 65536, 3));
    }

    [Fact]
    public void Applying_a_pipeline_allocates_nothing_after_warm_up()
    {
        var shape = new ImageShape(8, 8, 3);
        var augmenter = new Augmenter(shape, new HorizontalFlip(), new RandomCrop(0.8, 1), new SmallRotation(10, BorderFill.Edge), new GaussianNoise(0.02));
        var x = RandomBatch<float>(shape.Length, 32, 12);
        var destination = new Matrix<float>(x.Rows, x.Columns);
        var random = new FastRandom(13);
        augmenter.Apply(x, random);
        augmenter.Apply(x, destination, random);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            augmenter.Apply(x, random);
            augmenter.Apply(x, destination, random);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Descriptions_read_as_the_pipeline()
    {
        var augmenter = new Augmenter(new ImageShape(64, 64, 3), new HorizontalFlip(), new RandomCrop(0.85, 1), new SmallRotation(10), new GaussianNoise(0.01));

        Assert.Equal("Augmenter(64×64×3: HorizontalFlip(p = 0.5) → RandomCrop(scale 0.85–1) → SmallRotation(±10°, Zero) → GaussianNoise(σ = 0.01))", augmenter.ToString());
        Assert.Equal(4, augmenter.Steps.Count);
        Assert.Equal(12288, augmenter.Shape!.Length);
    }
}
