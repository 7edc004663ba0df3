using Backprop.Data.Formats;

namespace Backprop.Tests.Data;

public class CsvClassTargetTests
{
    [Fact]
    public void Text_targets_become_class_indices_with_ordinally_sorted_names()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("iris.csv", "a,species,b\n1,virginica,2\n3, setosa ,4\n5,versicolor,6\n7,setosa,8\n9,\"Setosa\",10\n");

        var data = CsvFile.ReadDataset<double>(path, "species");

        // Ordinal order puts the capitalised name first; trimming makes " setosa " the class "setosa".
        Assert.Equal(["Setosa", "setosa", "versicolor", "virginica"], data.ClassNames);
        Assert.Equal("[1, 5]", data.Y.ShapeText);
        Assert.Equal([3.0, 1, 2, 1, 0], data.Y.Span.ToArray());
        Assert.Equal("[2, 5]", data.X.ShapeText);
        Assert.Equal([1.0, 3, 5, 7, 9], data.X.Row(0).ToArray());
        Assert.Equal([2.0, 4, 6, 8, 10], data.X.Row(1).ToArray());
    }

    [Fact]
    public void Text_targets_one_hot_have_one_row_per_class()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("pets.csv", "x,pet\n0.5,dog\n1.5,cat\n2.5,dog\n3.5,bird\n");

        var data = CsvFile.ReadDataset<float>(path, "pet", oneHot: true);

        Assert.Equal(["bird", "cat", "dog"], data.ClassNames);
        Assert.Equal("[3, 4]", data.Y.ShapeText);
        Assert.Equal([0f, 0, 0, 1], data.Y.Row(0).ToArray());
        Assert.Equal([0f, 1, 0, 0], data.Y.Row(1).ToArray());
        Assert.Equal([1f, 0, 1, 0], data.Y.Row(2).ToArray());
    }

    [Fact]
    public void A_number_in_a_text_column_is_a_class_name()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("mixed.csv", "x,y\n1,1\n2,cat\n3,1\n");

        var data = CsvFile.ReadDataset<double>(path, "y");

        Assert.Equal(["1", "cat"], data.ClassNames);
        Assert.Equal([0.0, 1, 0], data.Y.Span.ToArray());
    }

    [Fact]
    public void Numeric_targets_read_exactly_as_before_without_class_names()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("num.csv", "x,y\n1,0.25\n2,-3e2\n3, 7 \n");

        var data = CsvFile.ReadDataset<double>(path, "y");
        var viaTable = CsvFile.Read(path).ToDataset<double>("y");

        Assert.Empty(data.ClassNames);
        Assert.Equal([0.25, -300, 7], data.Y.Span.ToArray());
        Assert.Equal(viaTable.Y.Span.ToArray(), data.Y.Span.ToArray());
        Assert.Equal(viaTable.X.Span.ToArray(), data.X.Span.ToArray());
    }

    [Fact]
    public void Numeric_class_indices_one_hot_encode_and_non_indices_are_errors()
    {
        using var folder = new TempFolder();
        string good = folder.WriteText("good.csv", "x,y\n1,2\n2,0\n3,1\n");
        string bad = folder.WriteText("bad.csv", "x,y\n1,2\n\n2,0.5\n");

        var data = CsvFile.ReadDataset<double>(good, "y", oneHot: true);
        var ex = Assert.Throws<CsvFormatException>(() => CsvFile.ReadDataset<double>(bad, "y", oneHot: true));

        Assert.Equal("[3, 3]", data.Y.ShapeText);
        Assert.Equal([2, 0, 1], Backprop.Data.OneHot.ArgMax(data.Y));
        Assert.Equal(4, ex.LineNumber);
        Assert.Equal("y", ex.ColumnName);
        Assert.Contains("bad.csv", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_text_target_names_line_and_column()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("gap.csv", "x,label\n1,cat\n2,dog\n\n3,  \n");

        var ex = Assert.Throws<CsvFormatException>(() => CsvFile.ReadDataset<double>(path, "label"));

        Assert.Equal(5, ex.LineNumber);
        Assert.Equal("label", ex.ColumnName);
        Assert.Contains("gap.csv', line 5, column 'label'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_feature_next_to_a_text_target_is_still_reported()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("feat.csv", "x,label\n1,cat\nabc,dog\n");

        var ex = Assert.Throws<CsvFormatException>(() => CsvFile.ReadDataset<double>(path, "label"));

        Assert.Equal(3, ex.LineNumber);
        Assert.Equal("x", ex.ColumnName);
    }

    [Fact]
    public void One_hot_of_a_single_class_is_an_error_naming_file_and_column()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("one.csv", "x,label\n1,cat\n2,cat\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvFile.ReadDataset<double>(path, "label", oneHot: true));

        Assert.Contains("one.csv', column 'label'", ex.Message, StringComparison.Ordinal);
    }
}
