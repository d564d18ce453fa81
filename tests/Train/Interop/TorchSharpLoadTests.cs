using System.Diagnostics;
using TorchSharp;

namespace Hpc.Train.Tests.Interop;

[Collection(TorchCollection.Name)]
public sealed class TorchSharpLoadTests
{
    private const string Lib = "runtimes/linux-x64/native/libLibTorchSharp.so";

    [Fact]
    public void TorchSharpLoadsAndComputes()
    {
        using var t = torch.ones(2);
        using var sum = t.sum();
        Assert.Equal(2f, sum.item<float>());
    }

    [Fact]
    public void BuildPatchesOnlyTheCopiedLibraryAndOnlyOneFlag()
    {
        if (!OperatingSystem.IsLinux() || SystemHasGlibcxx3432())
        {
            return; // nothing to patch on a system whose libstdc++ is new enough
        }

        string copied = Path.Combine(AppContext.BaseDirectory, Lib);
        string? cached = NuGetCopy();
        Assert.True(File.Exists(copied), copied);
        Assert.NotNull(cached);
        byte[] a = File.ReadAllBytes(copied), b = File.ReadAllBytes(cached);
        Assert.Equal(b.Length, a.Length);
        List<int> diffs = [.. Enumerable.Range(0, a.Length).Where(i => a[i] != b[i])];
        int at = Assert.Single(diffs);
        // The differing byte is the low byte of a vna_flags field: the package has no VER_FLG_WEAK, the copy has it.
        Assert.Equal(0, b[at] & 2);
        Assert.Equal(b[at] | 2, a[at]);
        if (File.Exists("/usr/bin/readelf"))
        {
            Assert.Contains("GLIBCXX_3.4.32", ReadElfVersions(copied, out string weakLine));
            Assert.Contains("WEAK", weakLine);
            ReadElfVersions(cached, out string cachedLine);
            Assert.DoesNotContain("WEAK", cachedLine);
        }
    }

    private static bool SystemHasGlibcxx3432()
    {
        const string std = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        return !File.Exists(std) || File.ReadAllText(std, System.Text.Encoding.Latin1).Contains("GLIBCXX_3.4.32\0", StringComparison.Ordinal);
    }

    private static string? NuGetCopy()
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string version = typeof(torch).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "";
        string p = Path.Combine(root, "torchsharp", version, Lib);
        return File.Exists(p) ? p : null;
    }

    /// <summary>readelf's view of the version needs, as an independent check of our own ELF parsing.</summary>
    private static string ReadElfVersions(string path, out string line32)
    {
        var psi = new ProcessStartInfo("readelf", ["-V", path]) { RedirectStandardOutput = true };
        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        line32 = output.Split('\n').FirstOrDefault(l => l.Contains("Name: GLIBCXX_3.4.32", StringComparison.Ordinal)) ?? "";
        return output;
    }
}
