// MSBuild task (compiled by RoslynCodeTaskFactory, see TorchSharpGlibcxxFix.targets).
//
// Why: TorchSharp-cpu 0.107.0's libLibTorchSharp.so was linked with GCC 15 and records a need for GLIBCXX_3.4.32
// (libstdc++ from GCC 13). Debian 12 / Ubuntu 22.04 ship libstdc++ up to GLIBCXX_3.4.30, so dlopen fails with
// "version `GLIBCXX_3.4.32' not found". The only symbol bound to that version is std::ios_base_library_init(),
// a marker GCC 13+ emits so that <iostream> users pull in the iostream initialisation object; it is never called
// (no relocation refers to it). Marking that one version requirement weak (VER_FLG_WEAK in vna_flags) makes the
// dynamic loader accept its absence, exactly as it does for optional versions.
//
// Deliberately narrow: only GLIBCXX_3.4.32 of libstdc++.so.6, only when the system libstdc++ lacks it, and only
// when every dynamic symbol bound to it is that marker and no relocation uses it. Anything else is a build error,
// because weakening a version that real code needs would turn a clean load failure into a crash at call time.
//
// Targets netstandard2.0 APIs (what RoslynCodeTaskFactory compiles against), so no spans.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenGlibcxxMarker : Task
{
    private const string Needed = "GLIBCXX_3.4.32";
    private const string NeededFile = "libstdc++.so.6";
    private const string MarkerSymbol = "_ZSt21ios_base_library_initv";
    private const ushort VerFlgWeak = 0x2;
    private const uint ShtRela = 4, ShtDynsym = 11, ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;

    /// <summary>Copies of libLibTorchSharp.so in a build or publish output (never the NuGet cache).</summary>
    [Required] public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Optional explicit system libstdc++ (tests); otherwise the usual multiarch locations are searched.</summary>
    public string SystemLibStdCxx { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            if (Libraries.Length == 0) return true;
            string stdcxx = FindSystemLibStdCxx();
            if (stdcxx.Length == 0)
            {
                Log.LogMessage(MessageImportance.High, "TorchSharp GLIBCXX fix: no system libstdc++.so.6 found; leaving libLibTorchSharp.so untouched.");
                return true;
            }
            if (Elf.Load(stdcxx).DefinedVersions().Contains(Needed))
            {
                Log.LogMessage(MessageImportance.Low, "TorchSharp GLIBCXX fix: " + stdcxx + " defines " + Needed + "; nothing to do.");
                return true;
            }
            foreach (ITaskItem item in Libraries) Patch(item.GetMetadata("FullPath"));
        }
        catch (InvalidDataException e)
        {
            Log.LogError("TorchSharp GLIBCXX fix: " + e.Message);
        }
        return !Log.HasLoggedErrors;
    }

    private string FindSystemLibStdCxx()
    {
        if (SystemLibStdCxx.Length > 0) return SystemLibStdCxx;
        string[] dirs = { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib" };
        foreach (string d in dirs)
        {
            string p = Path.Combine(d, NeededFile);
            if (File.Exists(p)) return p;
        }
        return "";
    }

    private void Patch(string path)
    {
        Elf elf = Elf.Load(path);
        Elf.Vernaux entry = elf.FindVernaux(NeededFile, Needed);
        if (entry == null)
        {
            Log.LogMessage(MessageImportance.Normal, "TorchSharp GLIBCXX fix: " + path + " does not need " + Needed + "; left as is.");
            return;
        }
        if ((entry.Flags & VerFlgWeak) != 0)
        {
            Log.LogMessage(MessageImportance.Low, "TorchSharp GLIBCXX fix: " + path + " already patched.");
            return;
        }
        elf.CheckOnlyMarkerUses(entry.Other, MarkerSymbol);

        // Patch a private copy and rename it over the original: if the output file were a hard link into the
        // NuGet cache, an in-place write would corrupt the cache for every other project.
        byte[] bytes = elf.Bytes;
        ushort flags = (ushort)(entry.Flags | VerFlgWeak);
        bytes[entry.FlagsOffset] = (byte)flags;
        bytes[entry.FlagsOffset + 1] = (byte)(flags >> 8);
        DateTime stamp = File.GetLastWriteTimeUtc(path);
        string tmp = path + ".glibcxx-tmp";
        File.WriteAllBytes(tmp, bytes);
        // Keep the package's timestamp so the SDK's incremental copy sees "unchanged" and does not re-copy.
        File.SetLastWriteTimeUtc(tmp, stamp);
        File.Delete(path);
        File.Move(tmp, path);
        Log.LogMessage(MessageImportance.High, "TorchSharp GLIBCXX fix: marked " + Needed + " weak in " + path
            + " (vna_flags at file offset 0x" + entry.FlagsOffset.ToString("x") + ").");
    }

    /// <summary>Just enough ELF64 little-endian parsing for the version sections; every read is bounds-checked.</summary>
    private sealed class Elf
    {
        public sealed class Vernaux
        {
            public ushort Flags;
            public ushort Other;
            public long FlagsOffset;
        }

        private sealed class Section
        {
            public uint Type;
            public long Offset;
            public long Size;
            public uint Link;
            public uint Info;
            public long EntSize;
        }

        private readonly string _path;
        private readonly List<Section> _sections = new List<Section>();
        public byte[] Bytes { get; }

        private Elf(string path, byte[] bytes)
        {
            _path = path;
            Bytes = bytes;
        }

        public static Elf Load(string path)
        {
            var elf = new Elf(path, File.ReadAllBytes(path));
            elf.ReadHeaders();
            return elf;
        }

        private InvalidDataException Bad(string what, long offset) =>
            new InvalidDataException(_path + ": " + what + " at file offset 0x" + offset.ToString("x")
                + " (expected an ELF64 little-endian shared object like TorchSharp 0.107's libLibTorchSharp.so).");

        private void Need(long offset, long count)
        {
            if (offset < 0 || count < 0 || offset > Bytes.Length - count) throw Bad("read of " + count + " bytes out of range", offset);
        }

        private ushort U16(long o) { Need(o, 2); return (ushort)(Bytes[o] | Bytes[o + 1] << 8); }
        private uint U32(long o) { Need(o, 4); return (uint)(U16(o) | U16(o + 2) << 16); }
        private long U64(long o)
        {
            Need(o, 8);
            ulong v = U32(o) | (ulong)U32(o + 4) << 32;
            if (v > long.MaxValue) throw Bad("offset or size too large", o);
            return (long)v;
        }

        private void ReadHeaders()
        {
            Need(0, 64);
            if (Bytes[0] != 0x7f || Bytes[1] != (byte)'E' || Bytes[2] != (byte)'L' || Bytes[3] != (byte)'F') throw Bad("no ELF magic", 0);
            if (Bytes[4] != 2) throw Bad("not ELFCLASS64", 4);
            if (Bytes[5] != 1) throw Bad("not little-endian", 5);
            if (U16(16) != 3) throw Bad("not a shared object (e_type " + U16(16) + ")", 16);
            long shoff = U64(0x28);
            ushort shentsize = U16(0x3A), shnum = U16(0x3C);
            if (shentsize != 64) throw Bad("unexpected e_shentsize " + shentsize, 0x3A);
            if (shnum == 0) throw Bad("no section headers", 0x3C);
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * 64;
                Need(h, 64);
                var s = new Section { Type = U32(h + 4), Offset = U64(h + 24), Size = U64(h + 32), Link = U32(h + 40), Info = U32(h + 44), EntSize = U64(h + 56) };
                if (s.Type != 8 /* SHT_NOBITS */) Need(s.Offset, s.Size);
                _sections.Add(s);
            }
        }

        private Section Single(uint type, string name)
        {
            Section found = null;
            foreach (Section s in _sections)
            {
                if (s.Type != type) continue;
                if (found != null) throw Bad("more than one " + name + " section", s.Offset);
                found = s;
            }
            return found;
        }

        private Section Linked(Section s, string what)
        {
            if (s.Link >= _sections.Count) throw Bad(what + " sh_link " + s.Link + " out of range", s.Offset);
            return _sections[(int)s.Link];
        }

        private string Str(Section strtab, uint index)
        {
            if (index >= strtab.Size) throw Bad("string index " + index + " outside the string table", strtab.Offset);
            long start = strtab.Offset + index, end = start;
            long limit = strtab.Offset + strtab.Size;
            while (end < limit && Bytes[end] != 0) end++;
            if (end == limit) throw Bad("unterminated string", start);
            return Encoding.ASCII.GetString(Bytes, (int)start, (int)(end - start));
        }

        /// <summary>Names in .gnu.version_d (what a library like libstdc++ provides).</summary>
        public HashSet<string> DefinedVersions()
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            Section vd = Single(ShtGnuVerdef, ".gnu.version_d");
            if (vd == null) throw Bad("no .gnu.version_d section", 0);
            Section str = Linked(vd, ".gnu.version_d");
            long p = vd.Offset;
            for (uint i = 0; i < vd.Info; i++)
            {
                ushort cnt = U16(p + 6);
                uint aux = U32(p + 12), next = U32(p + 16);
                if (cnt > 0) names.Add(Str(str, U32(p + aux)));
                if (next == 0) break;
                p += next;
                if (p >= vd.Offset + vd.Size) throw Bad("Verdef chain leaves .gnu.version_d", p);
            }
            return names;
        }

        /// <summary>The Vernaux entry of <paramref name="version"/> under the Verneed of <paramref name="file"/>, or null.</summary>
        public Vernaux FindVernaux(string file, string version)
        {
            Section vn = Single(ShtGnuVerneed, ".gnu.version_r");
            if (vn == null) throw Bad("no .gnu.version_r section", 0);
            Section str = Linked(vn, ".gnu.version_r");
            long end = vn.Offset + vn.Size;
            long p = vn.Offset;
            for (uint i = 0; i < vn.Info; i++)
            {
                if (p + 16 > end) throw Bad("Verneed outside .gnu.version_r", p);
                if (U16(p) != 1) throw Bad("unknown vn_version " + U16(p), p);
                ushort cnt = U16(p + 2);
                uint vnFile = U32(p + 4), vnAux = U32(p + 8), vnNext = U32(p + 12);
                if (Str(str, vnFile) == file)
                {
                    long a = p + vnAux;
                    for (int j = 0; j < cnt; j++)
                    {
                        if (a + 16 > end) throw Bad("Vernaux outside .gnu.version_r", a);
                        uint hash = U32(a);
                        string name = Str(str, U32(a + 8));
                        if (name == version)
                        {
                            if (hash != ElfHash(name)) throw Bad("vna_hash does not match " + name, a);
                            return new Vernaux { Flags = U16(a + 4), Other = U16(a + 6), FlagsOffset = a + 4 };
                        }
                        uint an = U32(a + 12);
                        if (an == 0) break;
                        a += an;
                    }
                }
                if (vnNext == 0) break;
                p += vnNext;
            }
            return null;
        }

        /// <summary>
        /// Proves the weakening is harmless: every dynamic symbol whose .gnu.version index is
        /// <paramref name="versionIndex"/> must be <paramref name="marker"/>, and no relocation may use it.
        /// </summary>
        public void CheckOnlyMarkerUses(ushort versionIndex, string marker)
        {
            Section dynsym = Single(ShtDynsym, ".dynsym");
            Section versym = Single(ShtGnuVersym, ".gnu.version");
            if (dynsym == null || versym == null) throw Bad("no .dynsym/.gnu.version section", 0);
            if (dynsym.EntSize != 24) throw Bad("unexpected .dynsym entry size " + dynsym.EntSize, dynsym.Offset);
            Section str = Linked(dynsym, ".dynsym");
            long count = dynsym.Size / 24;
            if (versym.Size / 2 != count) throw Bad(".gnu.version does not match .dynsym", versym.Offset);
            var markerIndices = new HashSet<long>();
            for (long i = 0; i < count; i++)
            {
                if ((U16(versym.Offset + i * 2) & 0x7fff) != versionIndex) continue;
                string name = Str(str, U32(dynsym.Offset + i * 24));
                if (name != marker)
                    throw Bad("symbol " + name + " is bound to the version to weaken; refusing (only " + marker + " is known to be a never-called marker)", dynsym.Offset + i * 24);
                markerIndices.Add(i);
            }
            foreach (Section s in _sections)
            {
                if (s.Type != ShtRela || s.Link >= _sections.Count || _sections[(int)s.Link] != dynsym) continue;
                if (s.EntSize != 24) throw Bad("unexpected RELA entry size " + s.EntSize, s.Offset);
                for (long r = s.Offset; r + 24 <= s.Offset + s.Size; r += 24)
                {
                    long sym = (long)((ulong)U64Raw(r + 8) >> 32);
                    if (markerIndices.Contains(sym)) throw Bad("a relocation uses " + marker + "; refusing to weaken its version", r);
                }
            }
        }

        private ulong U64Raw(long o) { Need(o, 8); return U32(o) | (ulong)U32(o + 4) << 32; }

        private static uint ElfHash(string name)
        {
            uint h = 0;
            foreach (char c in name)
            {
                h = (h << 4) + c;
                uint g = h & 0xf0000000;
                if (g != 0) h ^= g >> 24;
                h &= ~g;
            }
            return h;
        }
    }
}
