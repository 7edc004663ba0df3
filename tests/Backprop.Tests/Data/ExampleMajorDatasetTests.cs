using Backprop.Activations;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tests.Layers;
using Backprop.Training;
using Backprop.Tests.Training;

namespace Backprop.Tests.Data;

// Trains and measures allocations: runs alone, so other tests' garbage collections cannot blur the count.
[Collection(SerialCollection.Name)]
public class ExampleMajorDatasetTests
{
    [Fact]
    public void Example_rows_give_the_same_X_counts_and_layout()
    {
        var (x, y) = NetworkTests.Batch<float>(3, 5, 7);
        var set = Dataset<float>.FromExampleRows(TestMatrix.Transposed(x), y, ["no", "yes"]);

        Assert.Equal(DataLayout.ExampleMajor, set.Layout);
        Assert.Equal(7, set.Count);
        Assert.Equal(5, set.Features);
        Assert.Equal("[5, 7]", set.XShapeText);
        Assert.Equal(x.Span.ToArray(), set.X.Span.ToArray());
        Assert.Same(set.X, set.X); // transposed once, then kept
        Assert.Equal(["no", "yes"], set.ClassNames);
        Assert.Null(new Dataset<float>(x, y).ExampleRows);
    }

    [Fact]
    public void Example_rows_and_labels_must_count_the_same_examples()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => Dataset<float>.FromExampleRows(new Matrix<float>(4, 3), new Matrix<float>(1, 5)));
        Assert.Contains("[4, 3]", ex.Message);
        Assert.Contains("[1, 5]", ex.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Training_on_example_rows_gives_the_same_bits_without_ever_forming_X(bool shuffled)
    {
        var (x, y) = NetworkTests.Batch<float>(8, 12, 300);
        Network<float> Net() => new NetworkBuilder(12).Dense(6, Activation.ReLU, Initializer.He).Dropout(0.8).Dense(1, Activation.Sigmoid)
            .Build<float>(new FastRandom(2), new FastRandom(3));
        TrainingOptions Options() => new()
        {
            Optimizer = new Adam(0.01), Epochs = 3, BatchSize = 64,
            Shuffle = shuffled ? ShufflePolicy.Random(new FastRandom(4)) : ShufflePolicy.None,
        };

        var byFeature = Net();
        var featureHistory = Trainer.Train(byFeature, new Dataset<float>(x, y), Options());
        var byExample = Net();
        var rows = Dataset<float>.FromExampleRows(TestMatrix.Transposed(x), y);
        var exampleHistory = Trainer.Train(byExample, rows, Options());

        Assert.Equal(featureHistory.Costs.Select(c => c.Cost), exampleHistory.Costs.Select(c => c.Cost));
        for (int p = 0; p < byFeature.Parameters.Count; p++)
            Assert.Equal(byFeature.Parameters[p].Value.Span.ToArray(), byExample.Parameters[p].Value.Span.ToArray());
        Assert.Equal(DataLayout.ExampleMajor, rows.Layout);
        Assert.Null(typeof(Dataset<float>).GetField("_x", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(rows));

        TrainingAllocations.AssertNonePerEpoch(Net, rows, Options(), few: 2, extra: 300);
    }

    [Fact]
    public void A_non_finite_input_is_named_by_its_place_in_X()
    {
        var (x, y) = NetworkTests.Batch<float>(8, 4, 10);
        var rows = TestMatrix.Transposed(x);
        rows[6, 2] = float.NaN; // example 6, feature 2: X[2, 6]
        var net = new NetworkBuilder(4).Dense(1, Activation.Sigmoid).Build<float>(new FastRandom(1));
        var ex = Assert.Throws<ArgumentException>(() => Trainer.Train(net, Dataset<float>.FromExampleRows(rows, y), new TrainingOptions { Optimizer = new GradientDescent(0.1) }));
        Assert.StartsWith("X[2, 6] is NaN", ex.Message);
    }

    [Fact]
    public void Idx_images_read_example_major_are_the_transpose_of_the_course_layout()
    {
        byte[] pixels = [0, 51, 102, 255, 1, 2, 3, 4, 200, 100, 50, 25];
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([3, 2, 2], pixels));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([3], 2, 0, 9));

        var columns = IdxDataset.Read<float>(images, labels);
        var rows = IdxDataset.Read<float>(images, labels, layout: DataLayout.ExampleMajor);

        Assert.Equal("[3, 4]", rows.ExampleRows!.ShapeText);
        Assert.Equal(0.2f, rows.ExampleRows[0, 1]);
        Assert.Equal(TestMatrix.Transposed(columns.X).Span.ToArray(), rows.ExampleRows.Span.ToArray());
        Assert.Equal(columns.Y.Span.ToArray(), rows.Y.Span.ToArray());
        Assert.Equal(columns.ClassNames, rows.ClassNames);
    }

    [Fact]
    public void Chunked_prediction_equals_one_pass_bit_for_bit()
    {
        var (x, _) = NetworkTests.Batch<float>(5, 12, 1001);
        var bn = new BatchNormOptions();
        var net = new NetworkBuilder(12).Dense(16, Activation.ReLU, Initializer.He, bn).Dense(3, Activation.Softmax)
            .WithLoss(Loss.CategoricalCrossEntropy).Build<float>(new FastRandom(7));

        var whole = net.Predict(x);
        var chunked = net.Predict(x, batchSize: 128);

        Assert.Equal("[3, 1001]", chunked.ShapeText);
        Assert.Equal(whole.Span.ToArray(), chunked.Span.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Predict(x, 0));
        Assert.Throws<ShapeMismatchException>(() => net.Predict(new Matrix<float>(11, 300), 100));
    }

    [Fact]
    public void Gradients_from_example_rows_equal_gradients_from_X_bit_for_bit()
    {
        var (x, y) = NetworkTests.Batch<float>(6, 40, 70);
        Network<float> Net() => new NetworkBuilder(40).Dense(33, Activation.ReLU, Initializer.He).Dense(1, Activation.Sigmoid).Build<float>(new FastRandom(9));
        var fromX = Net();
        var fromRows = Net();

        double costX = fromX.ComputeGradients(x, y);
        double costRows = fromRows.ComputeGradientsFromRows(TestMatrix.Transposed(x), y);

        Assert.Equal(costX, costRows);
        for (int p = 0; p < fromX.Parameters.Count; p++)
            Assert.Equal(fromX.Parameters[p].Gradient.Span.ToArray(), fromRows.Parameters[p].Gradient.Span.ToArray());
        Assert.Throws<ShapeMismatchException>(() => fromRows.ComputeGradientsFromRows(x, y));
    }
}
