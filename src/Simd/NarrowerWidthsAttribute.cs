namespace Hpc.Simd;

/// <summary>
/// Marks a kernel class written once against <c>Vector512</c> (named <c>*Vector512</c>) whose 256- and 128-bit
/// siblings are the same file with the other widths' vectors; the build writes them (Hpc.Simd.Generators). What must
/// differ by width is a test of the lane count in the template (<c>VB.Count == 64</c>), which the JIT folds.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class NarrowerWidthsAttribute : Attribute
{
}
