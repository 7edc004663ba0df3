using System.Globalization;
using System.Text;
using Backprop.Data.Formats;

namespace Backprop.Tests.Data;

public class CsvFileTests
{
    [Fact]
    public void Football_train_reads_as_2_features_by_211_examples_with_106_ones()
    {
        string path = CourseData.Require("football_train.csv");

        CsvTable table = CsvFile.Read(path);
        var train = CsvFile.ReadDataset<double>(path, "y");

        Assert.Equal(["x1", "x2", "y"], table.ColumnNames);
        Assert.Equal(211, table.RowCount);
        Assert.Equal("[2, 211]", train.X.ShapeText);
        Assert.Equal("[1, 211]", train.Y.ShapeText);
        Assert.Equal(106, train.Y.Span.ToArray().Count(y => y == 1));
        Assert.Equal(105, train.Y.Span.ToArray().Count(y => y == 0));
        // The first data line is "-0.158986,0.423977,1".
        Assert.Equal(-0.158986, train.X[0, 0]);
        Assert.Equal(0.423977, train.X[1, 0]);
        Assert.Equal(1.0, train.Y[0, 0]);
    }

    [Fact]
    public void Football_test_has_200_rows_with_87_ones_and_exact_first_row()
    {
        var test = CsvFile.ReadDataset<double>(CourseData.Require("football_test.csv"), "y");

        Assert.Equal("[2, 200]", test.X.ShapeText);
        Assert.Equal(87, test.Y.Span.ToArray().Count(y => y == 1));
        // The first data line is "-0.3530623458334412,-0.6739018129665528,0".
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.3530623458334412), BitConverter.DoubleToInt64Bits(test.X[0, 0]));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.6739018129665528), BitConverter.DoubleToInt64Bits(test.X[1, 0]));
        Assert.Equal(0.0, test.Y[0, 0]);
    }

    [Fact]
    public void Float_dataset_holds_the_doubles_rounded_to_float()
    {
        string path = CourseData.Require("football_test.csv");

        var asDouble = CsvFile.ReadDataset<double>(path, "y");
        var asFloat = CsvFile.ReadDataset<float>(path, "y");

        Assert.Equal(asDouble.X.Span.ToArray().Select(v => (float)v), asFloat.X.Span.ToArray());
        Assert.Equal(asDouble.Y.Span.ToArray().Select(v => (float)v), asFloat.Y.Span.ToArray());
    }

    [Fact]
    public void Shortest_round_trip_text_parses_to_the_identical_double()
    {
        double[] special = [5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 0.30000000000000004, -0.0, 1e23, 9007199254740993, 123456.789e-7];
        var random = new Random(7);
        double[] values = [.. special, .. Enumerable.Range(0, 500).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64()))
            .Where(double.IsFinite)];
        var text = new StringBuilder("v\n");
        foreach (double v in values)
            text.Append(v.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("1e23\n9007199254740993\n"); // as Python's repr writes them; the second rounds to even
        using var temp = new TempFolder();

        CsvTable table = CsvFile.Read(temp.WriteText("values.csv", text.ToString()));

        double[] expected = [.. values, 1e23, 9007199254740992];
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), table.Column("v").Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Crlf_bom_blank_lines_quoted_names_spaces_and_other_separators_are_accepted()
    {
        using var temp = new TempFolder();
        byte[] content = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("\"a\" ; \"b \"\"c\"\"\";y\r\n 1.5 ;-2; 0\r\n\r\n3e2;\"4\";1\r\n")];
        string path = temp.WriteBytes("semi.csv", content);

        CsvTable table = CsvFile.Read(path, ';');

        Assert.Equal(["a", "b \"c\"", "y"], table.ColumnNames);
        Assert.Equal(new double[] { 1.5, -2, 0, 300, 4, 1 }, table.Values.ToArray());
    }

    [Fact]
    public void Features_keep_header_order_around_a_target_in_the_middle()
    {
        using var temp = new TempFolder();
        string path = temp.WriteText("mid.csv", "a,label,b\n1,0,2\n3,1,4\n5,1,6");

        var set = CsvFile.ReadDataset<double>(path, "label");

        Assert.Equal(new double[,] { { 1, 3, 5 }, { 2, 4, 6 } }, set.X.ToArray());
        Assert.Equal(new double[,] { { 0, 1, 1 } }, set.Y.ToArray());
    }

    [Fact]
    public void A_letter_in_line_3_names_the_file_line_and_column()
    {
        using var temp = new TempFolder();
        string path = temp.WriteText("letters.csv", "x1,x2,y\n0.5,1.5,1\n0.25,1.2e,0\n");

        var ex = Assert.Throws<CsvFormatException>(() => CsvFile.Read(path));
        Assert.Contains("letters.csv", ex.Message);
        Assert.Contains("line 3", ex.Message);
        Assert.Contains("'x2'", ex.Message);
        Assert.Contains("'1.2e' is not a number", ex.Message);
        Assert.Equal((path, 3, "x2"), (ex.Path, ex.LineNumber, ex.ColumnName));
    }

    [Fact]
    public void A_short_row_names_the_line_and_the_column_without_a_value()
    {
        using var temp = new TempFolder();
        string path = temp.WriteText("short.csv", "x1,x2,y\r\n1,2,1\r\n3,4\r\n");

        var ex = Assert.Throws<CsvFormatException>(() => CsvFile.Read(path));
        Assert.Contains("short.csv", ex.Message);
        Assert.Contains("line 3", ex.Message);
        Assert.Contains("'y'", ex.Message);
        Assert.Contains("2 fields", ex.Message);
    }

    [Fact]
    public void A_long_row_names_the_line()
    {
        using var temp = new TempFolder();
        string path = temp.WriteText("long.csv", "x1,x2,y\n1,2,1,9\n");

        var ex = Assert.Throws<CsvFormatException>(() => CsvFile.Read(path));
        Assert.Contains("line 2", ex.Message);
        Assert.Contains("4 fields", ex.Message);
    }

    [Theory]
    [InlineData("x1,x2,y\n1,,0\n", 2, "x2", "missing")]
    [InlineData("x1,x2,y\n1,2,\n", 2, "y", "missing")]
    [InlineData("x1,x2,y\n1,2,0\n\n1,NaN,0\n", 4, "x2", "not a finite number")]
    [InlineData("x1,x2,y\n1e400,2,0\n", 2, "x1", "not a finite number")]
    [InlineData("x1,x2,y\n1,\"2,0\n", 2, null, "quote")]
    [InlineData("x1,x1,y\n1,2,0\n", 1, "x1", "more than once")]
    [InlineData("x1,,y\n1,2,0\n", 1, null, "empty")]
    public void Bad_fields_name_the_line_and_column(string content, int line, string? column, string problem)
    {
        using var temp = new TempFolder();
        string path = temp.WriteText("bad.csv", content);

        var ex = Assert.Throws<CsvFormatException>(() => CsvFile.Read(path));
        Assert.Contains($"line {line}", ex.Message);
        Assert.Contains(problem, ex.Message);
        Assert.Equal(column, ex.ColumnName);
    }

    [Fact]
    public void Missing_target_column_lists_the_columns_present()
    {
        using var temp = new TempFolder();
        string path = temp.WriteText("cols.csv", "x1,x2,y\n1,2,0\n");

        var ex = Assert.Throws<KeyNotFoundException>(() => CsvFile.ReadDataset<float>(path, "label"));
        Assert.Contains("cols.csv", ex.Message);
        Assert.Contains("'label'", ex.Message);
        Assert.Contains("'x1', 'x2', 'y'", ex.Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("x1,x2,y\n", "no data rows")]
    [InlineData("x1,x2,y\r\n\r\n", "no data rows")]
    public void Empty_file_or_header_only_is_rejected(string content, string problem)
    {
        using var temp = new TempFolder();
        string path = temp.WriteText("few.csv", content);

        var ex = Assert.Throws<CsvFormatException>(() => CsvFile.Read(path));
        Assert.Contains("few.csv", ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void A_target_that_is_the_only_column_leaves_no_features()
    {
        using var temp = new TempFolder();
        string path = temp.WriteText("one.csv", "y\n1\n0\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvFile.ReadDataset<float>(path, "y"));
        Assert.Contains("no feature columns", ex.Message);
    }

    [Fact]
    public void Missing_file_throws_FileNotFoundException_with_the_path()
    {
        using var temp = new TempFolder();
        string path = temp.PathOf("absent.csv");

        var ex = Assert.Throws<FileNotFoundException>(() => CsvFile.Read(path));
        Assert.Equal(path, ex.FileName);
        Assert.Contains(path, ex.Message);
    }
}
