using Hpc.Train.Cli;

namespace Hpc.Train.Tests.Cli;

public class ArgumentParsingTests
{
    [Theory]
    [InlineData("--epochs", "abc")]
    [InlineData("--epochs", "0")]
    [InlineData("--batch-size", "-3")]
    [InlineData("--threads", "0")]
    [InlineData("--lr", "-0.1")]
    [InlineData("--lr", "nope")]
    [InlineData("--device", "gpu")]
    [InlineData("--image-size", "4")]
    [InlineData("--max-steps", "0")]
    [InlineData("--seed", "-1")]
    public void BadTrainValueIsAUsageErrorNamingTheOption(string option, string value)
    {
        var (exit, output) = CliHarness.Run("train", option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(option, output, StringComparison.Ordinal);
        Assert.Contains("error:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RangeMessageSaysWhatIsAllowed()
    {
        var (_, output) = CliHarness.Run("train", "--epochs", "0");

        Assert.Contains("--epochs must be between 1 and 10000, got 0", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bench-loader", "--dtype", "f64")]
    [InlineData("bench-loader", "--seconds", "0")]
    [InlineData("preview", "--count", "0")]
    [InlineData("preview", "--image-size", "abc")]
    [InlineData("prepare", "--size", "0")]
    [InlineData("eval", "--device", "tpu")]
    public void BadValuesOfOtherCommandsNameTheOption(string command, string option, string value)
    {
        var (exit, output) = CliHarness.Run(command, option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(option, output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOptionIsAUsageError()
    {
        var (exit, output) = CliHarness.Run("train", "--epoch", "3");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--epoch", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingModelFileNamesTheOptionAndTheFile()
    {
        string missing = Path.Combine(Path.GetTempPath(), "hpc-no-such-model-" + Guid.NewGuid().ToString("N") + ".dat");

        var (exit, output) = CliHarness.Run("eval", "--model", missing);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--model", output, StringComparison.Ordinal);
        Assert.Contains(missing, output, StringComparison.Ordinal);
    }

    [Fact]
    public void VerboseAddsTheStackTrace()
    {
        string missing = Path.Combine(Path.GetTempPath(), "hpc-no-such-model-" + Guid.NewGuid().ToString("N") + ".dat");

        string quiet = CliHarness.Run("eval", "--model", missing).Output;
        var (exit, verbose) = CliHarness.Run("eval", "--model", missing, "--verbose");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.DoesNotContain("   at ", quiet, StringComparison.Ordinal);
        Assert.Contains("   at ", verbose, StringComparison.Ordinal);
    }

    [Fact]
    public void IdxModeNeedsBothFiles()
    {
        var (exit, output) = CliHarness.Run("prepare", "--images", "a.idx", "--output", "x.hpcpack");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--labels", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingIdxFileIsNamed()
    {
        using var dir = new TempDir();
        string labels = dir["labels.idx"];
        File.WriteAllBytes(labels, [0, 0, 8, 1, 0, 0, 0, 0]);

        var (exit, output) = CliHarness.Run("prepare", "--images", dir["missing-images.idx"], "--labels", labels, "--output", dir["out.pack"]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--images", output, StringComparison.Ordinal);
        Assert.Contains("missing-images.idx", output, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpListsEverySubcommandAndSucceeds()
    {
        var (exit, output) = CliHarness.Run("--help");

        Assert.Equal(ExitCodes.Ok, exit);
        foreach (string name in new[] { "prepare", "train", "eval", "preview", "bench-loader" })
            Assert.Contains(name, output, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumeWithoutARunFolderIsAUsageError()
    {
        string missing = Path.Combine(Path.GetTempPath(), "hpc-no-such-run-" + Guid.NewGuid().ToString("N"));

        var (exit, output) = CliHarness.Run("train", "--resume", "--output", missing);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--resume", output, StringComparison.Ordinal);
    }
}

public class MissingInputTests
{
    [Theory]
    [InlineData("train")]
    [InlineData("eval")]
    [InlineData("preview")]
    [InlineData("bench-loader")]
    [InlineData("prepare")]
    public void MissingDataDirIsAUsageErrorNamingOptionAndFolder(string command)
    {
        string missing = Path.Combine(Path.GetTempPath(), "hpc-no-such-data-" + Guid.NewGuid().ToString("N"));

        var (exit, output) = CliHarness.Run(command, "--data-dir", missing);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--data-dir", output, StringComparison.Ordinal);
        Assert.Contains(missing, output, StringComparison.Ordinal);
    }
}
