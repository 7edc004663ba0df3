using Backprop.Data.Formats;
using Backprop.Diagnostics;
using Backprop.Tensors;
using Backprop.Tests.Data;

namespace Backprop.Tests.Diagnostics;

public class ErrorAnalysisTests
{
    private const string Tagged =
        "index,true_label,predicted_label,probability,dog,great_cat,blurry\n" +
        "3,cat,other,0.8,x,,\n" +
        "7,other,cat,0.6,,x,1\n" +
        "9,cat,other,0.7,, x ,\n" +
        "12,other,cat,0.9,,,\n" +
        "15,cat,other,0.55,yes,x,\n";

    [Fact]
    public void Ceiling_table_of_a_small_tagged_csv_matches_hand_values()
    {
        using var folder = new TempFolder();
        var table = ErrorAnalysis.ReadCeilingTable(folder.WriteText("errors.csv", Tagged), devError: 0.10);

        Assert.Equal(5, table.Errors);
        Assert.Equal(1, table.Untagged);
        // great_cat 3/5 → 0.10 × 0.4 = 0.04; dog 2/5 → 0.06; blurry 1/5 → 0.08. Largest first.
        Assert.Equal(["great_cat", "dog", "blurry"], table.Rows.Select(r => r.Tag));
        Assert.Equal([3, 2, 1], table.Rows.Select(r => r.Count));
        Assert.Equal(0.6, table.Rows[0].Fraction, 1e-15);
        Assert.Equal(0.04, table.Rows[0].BestDevError, 1e-15);
        Assert.Equal(0.4, table.Rows[1].Fraction, 1e-15);
        Assert.Equal(0.06, table.Rows[1].BestDevError, 1e-15);
        Assert.Equal(0.08, table.Rows[2].BestDevError, 1e-15);
        string text = table.ToString();
        Assert.Contains("great_cat", text);
        Assert.Contains("60.0 %", text);
        Assert.Contains("0.0400", text);
    }

    [Fact]
    public void Export_writes_one_row_per_misclassified_example_with_empty_tags_and_reads_back()
    {
        using var folder = new TempFolder();
        string path = folder.PathOf("dev-errors.csv");
        int[] actual = [0, 1, 1, 0, 1];
        int[] predicted = [0, 0, 1, 1, 0];
        double[] probability = [0.9, 0.7, 0.8, 0.6, 0.51];
        int rows = ErrorAnalysis.ExportMisclassified(path, predicted, actual, probability, ["dog", "blurry, dark"], ["other", "cat"]);

        Assert.Equal(3, rows);
        string[] lines = File.ReadAllLines(path);
        Assert.Equal("index,true_label,predicted_label,probability,dog,\"blurry, dark\"", lines[0]);
        Assert.Equal(["1,cat,other,0.7,,", "3,other,cat,0.6,,", "4,cat,other,0.51,,"], lines[1..]);
        Assert.Single(Directory.GetFiles(folder.FullName)); // no temporary file left behind

        // A person tags example 1 as a dog; the file reads back.
        File.WriteAllText(path, File.ReadAllText(path).Replace("1,cat,other,0.7,,", "1,cat,other,0.7,x,", StringComparison.Ordinal));
        var table = ErrorAnalysis.ReadCeilingTable(path, 0.6);
        Assert.Equal(("dog", 1), (table.Rows[0].Tag, table.Rows[0].Count));
        Assert.Equal(1.0 / 3, table.Rows[0].Fraction, 1e-15);
        Assert.Equal(0.4, table.Rows[0].BestDevError, 1e-15); // 0.6 × (1 − 1/3)
        Assert.Equal("blurry, dark", table.Rows[1].Tag);
    }

    [Fact]
    public void Matrix_export_uses_the_probability_of_the_predicted_label()
    {
        using var folder = new TempFolder();
        string path = folder.PathOf("binary.csv");
        var p = Matrix<double>.FromArray(new double[,] { { 0.9, 0.25, 0.4 } });
        var y = Matrix<double>.FromArray(new double[,] { { 1, 1, 0 } });
        Assert.Equal(1, ErrorAnalysis.ExportMisclassified(path, p, y, ["tag"]));
        Assert.Equal("1,1,0,0.75,", File.ReadAllLines(path)[1]);
    }

    [Fact]
    public void Malformed_csvs_name_the_file_line_and_column()
    {
        using var folder = new TempFolder();
        string shortRow = folder.WriteText("short.csv", "index,true_label,predicted_label,probability,dog\n1,a,b,0.5,x\n2,a,b\n");
        var ex = Assert.Throws<CsvFormatException>(() => ErrorAnalysis.ReadCeilingTable(shortRow, 0.1));
        Assert.Equal(3, ex.LineNumber);
        Assert.Contains("short.csv", ex.Message);
        Assert.Contains("line 3", ex.Message);

        string badIndex = folder.WriteText("index.csv", "index,true_label,predicted_label,probability,dog\nabc,a,b,0.5,x\n");
        ex = Assert.Throws<CsvFormatException>(() => ErrorAnalysis.ReadCeilingTable(badIndex, 0.1));
        Assert.Equal("index", ex.ColumnName);
        Assert.Equal(2, ex.LineNumber);

        string header = folder.WriteText("header.csv", "index,true_label,predicted,probability,dog\n1,a,b,0.5,x\n");
        ex = Assert.Throws<CsvFormatException>(() => ErrorAnalysis.ReadCeilingTable(header, 0.1));
        Assert.Equal("predicted", ex.ColumnName);
        Assert.Equal(1, ex.LineNumber);

        string noTags = folder.WriteText("notags.csv", "index,true_label,predicted_label,probability\n1,a,b,0.5\n");
        Assert.Throws<CsvFormatException>(() => ErrorAnalysis.ReadCeilingTable(noTags, 0.1));
        string noRows = folder.WriteText("norows.csv", "index,true_label,predicted_label,probability,dog\n");
        Assert.Throws<CsvFormatException>(() => ErrorAnalysis.ReadCeilingTable(noRows, 0.1));
        string twice = folder.WriteText("twice.csv", "index,true_label,predicted_label,probability,dog\n1,a,b,0.5,x\n1,a,b,0.5,\n");
        Assert.Equal(3, Assert.Throws<CsvFormatException>(() => ErrorAnalysis.ReadCeilingTable(twice, 0.1)).LineNumber);

        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorAnalysis.ReadCeilingTable(shortRow, 1.5));
        Assert.Throws<FileNotFoundException>(() => ErrorAnalysis.ReadCeilingTable(folder.PathOf("missing.csv"), 0.1));
        Assert.Throws<ArgumentException>(() => ErrorAnalysis.ExportMisclassified(folder.PathOf("x.csv"), [0], [1], [0.5], ["index"]));
        Assert.Throws<ArgumentException>(() => ErrorAnalysis.ExportMisclassified(folder.PathOf("x.csv"), [0], [1, 0], [0.5], ["t"]));
    }

    [Fact]
    public void Tag_cells_accept_the_documented_marks_and_reject_anything_else()
    {
        using var folder = new TempFolder();
        string marks = folder.WriteText("marks.csv", "index,true_label,predicted_label,probability,t\n" +
            "1,a,b,0.5,X\n2,a,b,0.5,Yes\n3,a,b,0.5,true\n4,a,b,0.5,y\n5,a,b,0.5,no\n6,a,b,0.5,0\n7,a,b,0.5,-\n8,a,b,0.5,FALSE\n");
        var table = ErrorAnalysis.ReadCeilingTable(marks, 0.16);
        Assert.Equal(4, table.Rows[0].Count);
        Assert.Equal(4, table.Untagged);
        Assert.Equal(0.08, table.Rows[0].BestDevError, 1e-15);

        string typo = folder.WriteText("typo.csv", "index,true_label,predicted_label,probability,dog,cat\n1,a,b,0.5,x,\n2,a,b,0.5,,xx\n");
        var ex = Assert.Throws<CsvFormatException>(() => ErrorAnalysis.ReadCeilingTable(typo, 0.1));
        Assert.Equal((3, "cat"), (ex.LineNumber, ex.ColumnName));
        Assert.Contains("'xx' is not a tag value", ex.Message);
    }
}
