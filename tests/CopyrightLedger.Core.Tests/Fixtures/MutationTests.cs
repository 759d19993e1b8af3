using System.Buffers.Binary;
using System.Diagnostics;
using CopyrightLedger.Core.Metadata;
using Xunit.Abstractions;

namespace CopyrightLedger.Core.Tests.Fixtures;

/// <summary>
/// Byte flips, truncations, length overwrites and spliced repeats over every fixture: each damaged file must come
/// back as a report (an error or fewer fields), never as an exception, a hang or a runaway allocation.
/// The seed is fixed so a failure names a case that can be replayed.
/// </summary>
public sealed class MutationTests(ITestOutputHelper output)
{
    private const int CasesPerFixture = 700;
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(2);
    private const long AllocationBound = 256L << 20;

    [Fact]
    public void Damaged_fixtures_never_crash_hang_or_exhaust_memory()
    {
        var fixtures = MetadataFixtures.All();
        var random = new Random(20261130);
        var cases = 0;
        var errors = 0;
        var slowest = TimeSpan.Zero;
        long mostAllocated = 0;
        foreach (var (name, bytes) in fixtures)
            for (var i = 0; i < CasesPerFixture; i++)
            {
                var (kind, damaged) = Mutate(bytes, random);
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                FileMetadata report;
                try { report = MetadataReader.Read(new MemoryStream(damaged), name); }
                catch (Exception e)
                {
                    File.WriteAllBytes(Path.Combine(Path.GetTempPath(), $"mutation-{name}-{i}.bin"), damaged);
                    throw new Xunit.Sdk.XunitException($"{name} case {i} ({kind}) threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                }
                watch.Stop();
                var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                Assert.True(watch.Elapsed < TimeBound, $"{name} case {i} ({kind}) took {watch.Elapsed}");
                Assert.True(allocated < AllocationBound, $"{name} case {i} ({kind}) allocated {allocated} bytes");
                slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
                mostAllocated = Math.Max(mostAllocated, allocated);
                if (report.Error is not null) errors++;
                cases++;
            }
        output.WriteLine($"{cases} cases over {fixtures.Count} fixtures: {errors} reported an error; slowest {slowest.TotalMilliseconds:F1} ms; most allocated {mostAllocated / 1024} KiB");
        Assert.True(cases >= 10_000, $"only {cases} cases");
        Assert.True(errors > cases / 20, "the mutations hardly ever broke a file: they are too gentle to prove anything");
    }

    private static (string Kind, byte[] Bytes) Mutate(byte[] original, Random random)
    {
        var b = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
                for (var n = random.Next(1, 8); n > 0; n--) b[random.Next(b.Length)] = (byte)random.Next(256);
                return ("flip", b);
            case 1:
                return ("truncate", b[..random.Next(b.Length)]);
            case 2:
            {
                // Overwrite a 32-bit field with a hostile length: most chunk, box and segment lengths are 32 or 16 bits.
                uint[] hostile = [0x7FFFFFFF, 0x7FFFFFF0, 0xFFFFFFFF, 0x80000000, 0, 1, (uint)b.Length, (uint)b.Length * 2];
                var at = random.Next(Math.Max(1, b.Length - 4));
                if (b.Length >= 4) BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at, 4), hostile[random.Next(hostile.Length)]);
                return ("length", b);
            }
            case 3:
            {
                var at = random.Next(Math.Max(1, b.Length - 2));
                if (b.Length >= 2) BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at, 2), (ushort)random.Next(65536));
                return ("length16", b);
            }
            default:
            {
                // Splice: repeat a slice of the file somewhere else, which duplicates chunks and breaks nesting.
                var from = random.Next(b.Length);
                var length = random.Next(1, Math.Min(512, b.Length - from) + 1);
                var to = random.Next(b.Length);
                return ("splice", [.. b.AsSpan(0, to), .. b.AsSpan(from, length), .. b.AsSpan(to)]);
            }
        }
    }
}
