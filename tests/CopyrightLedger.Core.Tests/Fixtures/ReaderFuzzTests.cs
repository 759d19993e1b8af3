using System.Diagnostics;
using System.Security.Cryptography;
using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Core.Metadata;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace CopyrightLedger.Core.Tests.Fixtures;

/// <summary>
/// A bounded property run over every file reader (docs/SECURITY.md, "Guards that stay"): FsCheck generates a seed of
/// <see cref="FuzzCorpus"/> and up to four <see cref="FuzzMutations"/>; the reader the seed belongs to must return a
/// result or throw the readers' own error (<see cref="MetadataFormatException"/>, <see cref="PngFormatException"/>, or
/// the <see cref="EndOfStreamException"/> <see cref="MetadataReader"/> reports as an error), within a time limit per
/// input and allocating no more than 64 times the input plus 64 MiB. MutationTests damages whole fixtures at random
/// through the entry point; this one aims at each reader, with structure-aware mutations, and shrinks what fails.
/// LEDGER_FUZZ_SECONDS (default 60) sets the budget, LEDGER_FUZZ_SEED (default fixed) the seed; a failure prints both
/// and the path of the smallest failing input.
/// </summary>
public sealed class ReaderFuzzTests(ITestOutputHelper output)
{
    public const ulong DefaultSeed = 20261202;
    private const int CasesPerBatch = 200;
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(2);

    [Fact]
    public void Every_reader_answers_damaged_input_with_a_result_or_its_own_error_in_bounded_time_and_memory()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("LEDGER_FUZZ_SECONDS"), out var s) ? s : 60;
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("LEDGER_FUZZ_SEED"), out var v) ? v : DefaultSeed;
        output.WriteLine($"fuzzing for {seconds} s with LEDGER_FUZZ_SEED={seed}");
        var corpus = FuzzCorpus.Load();
        var run = new Run(corpus);
        var arbitrary = Arb.From(CaseGen(corpus), Shrink);
        var watch = Stopwatch.StartNew();
        var batch = 0;
        for (; watch.Elapsed < TimeSpan.FromSeconds(seconds); batch++)
        {
            var config = Config.QuickThrowOnFailure.WithMaxTest(CasesPerBatch).WithQuietOnSuccess(true)
                .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed + (ulong)batch), FSharpOption<int>.None)));
            try { Prop.ForAll(arbitrary, c => run.Holds(c)).Check(config); }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException(
                    $"LEDGER_FUZZ_SEED={seed}, batch {batch}: {run.LastFailure}\nsmallest failing input: {run.LastFailurePath}\n{e.Message}");
            }
        }
        output.WriteLine($"{run.Cases} inputs over {corpus.Count} seeds ({string.Join(", ", corpus.GroupBy(c => c.Target).Select(g => $"{g.Key} {g.Count()}"))}) in {batch} batches, "
            + $"{watch.Elapsed.TotalSeconds:F0} s: {run.Errors} answered with the reader's error; slowest {run.Slowest.TotalMilliseconds:F0} ms; "
            + $"most allocated {run.MostAllocated / 1024} KiB");
        output.WriteLine("inputs / refused by the reader: " + string.Join(", ", run.ByTarget.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value.Cases}/{t.Value.Errors}")));
        Assert.True(run.Cases >= CasesPerBatch, $"only {run.Cases} inputs");
        Assert.True(run.Errors > run.Cases / 20, "the mutations hardly ever broke an input: they are too gentle to prove anything");
    }

    /// <summary>A reader first, then one of its seeds: the few JPEG, WebP and MP4 seeds get as many cases as the many PNGs.</summary>
    private static Gen<FuzzCase> CaseGen(IReadOnlyList<FuzzSeed> corpus) =>
        from ofOneReader in Gen.Elements(corpus.Select((s, i) => (s.Target, i)).GroupBy(x => x.Target, x => x.i).Select(g => g.ToArray()).ToArray())
        from seed in Gen.Elements(ofOneReader)
        from count in Gen.Choose(1, 4)
        from steps in Gen.ArrayOf(
            from kind in Gen.Elements(Enum.GetValues<StepKind>())
            from a in Gen.Choose(0, int.MaxValue)
            from b in Gen.Choose(0, int.MaxValue)
            from c in Gen.Choose(0, int.MaxValue)
            select new Step(kind, a, b, c), count)
        from fixCrcs in Gen.Elements(true, false)
        select new FuzzCase(seed, steps, fixCrcs);

    /// <summary>Smaller cases: one step fewer, or a step's numbers halved, or the CRCs left alone.</summary>
    private static IEnumerable<FuzzCase> Shrink(FuzzCase c)
    {
        if (c.FixCrcs) yield return c with { FixCrcs = false };
        for (var i = 0; i < c.Steps.Length; i++)
            if (c.Steps.Length > 1) yield return c with { Steps = [.. c.Steps[..i], .. c.Steps[(i + 1)..]] };
        for (var i = 0; i < c.Steps.Length; i++)
            if (c.Steps[i] is { A: > 0 } or { B: > 0 } or { C: > 0 })
            {
                var st = c.Steps[i];
                yield return c with { Steps = [.. c.Steps[..i], st with { A = st.A / 2, B = st.B / 2, C = st.C / 2 }, .. c.Steps[(i + 1)..]] };
            }
    }

    /// <summary>Runs one input and keeps the tallies; a failure is thrown, after its input is written where it can be replayed.</summary>
    private sealed class Run(IReadOnlyList<FuzzSeed> corpus)
    {
        public int Cases;
        public int Errors;
        public readonly Dictionary<FuzzTarget, (int Cases, int Errors)> ByTarget = [];
        public TimeSpan Slowest;
        public long MostAllocated;
        public string? LastFailure;
        public string? LastFailurePath;

        public bool Holds(FuzzCase c)
        {
            var seed = corpus[c.Seed];
            var bytes = FuzzMutations.Apply(seed, corpus, c);
            var outcome = ReaderProbe.Feed(seed.Target, bytes, PerInput);
            // A loaded machine (three test projects on two cores) can stall one input past its bound; a reader that
            // really loops stalls again, so only a second time counts.
            if (outcome.TimedOut) outcome = ReaderProbe.Feed(seed.Target, bytes, PerInput);
            Cases++;
            if (outcome.ReaderError) Errors++;
            var (n, e) = ByTarget.GetValueOrDefault(seed.Target);
            ByTarget[seed.Target] = (n + 1, e + (outcome.ReaderError ? 1 : 0));
            Slowest = outcome.Elapsed > Slowest ? outcome.Elapsed : Slowest;
            MostAllocated = Math.Max(MostAllocated, outcome.Allocated);
            if (outcome.Problem is null) return true;
            LastFailure = $"{seed.Target} on {seed.Name} {c}: {outcome.Problem}";
            LastFailurePath = Path.Combine(Path.GetTempPath(), $"fuzz-{seed.Target}-{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}.bin");
            File.WriteAllBytes(LastFailurePath, bytes);
            throw new Xunit.Sdk.XunitException(LastFailure);
        }
    }
}

/// <summary>Feeds one input to one reader on a worker thread, timing it and measuring what that thread allocated.</summary>
public static class ReaderProbe
{
    public sealed record Outcome(bool ReaderError, TimeSpan Elapsed, long Allocated, string? Problem)
    {
        public bool TimedOut { get; init; }
    }

    public static long AllocationBound(int inputLength) => 64L * inputLength + (64L << 20);

    public static bool IsReadersOwn(Exception e) => e is MetadataFormatException or PngFormatException or EndOfStreamException;

    public static Outcome Feed(FuzzTarget target, byte[] bytes, TimeSpan limit) => Feed(b => FuzzCorpus.Feed(target, b), bytes, limit);

    public static Outcome Feed(Func<byte[], object?> reader, byte[] bytes, TimeSpan limit)
    {
        using var started = new ManualResetEventSlim();
        // A thread of its own, timed from when it starts: a pool thread can wait in the queue longer than the bound.
        var task = Task.Factory.StartNew(() =>
        {
            started.Set();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            Exception? thrown = null;
            var reported = false;
            try { reported = reader(bytes) is FileMetadata { Error: not null }; }
            catch (Exception e) { thrown = e; }
            return (thrown, reported, watch.Elapsed, Allocated: GC.GetAllocatedBytesForCurrentThread() - before);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        started.Wait();
        if (!task.Wait(limit)) return new(false, limit, 0, $"still running after {limit.TotalSeconds} s") { TimedOut = true };
        var (e, reported, elapsed, allocated) = task.Result;
        string? problem = null;
        if (e is not null && !IsReadersOwn(e)) problem = $"threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        else if (allocated > AllocationBound(bytes.Length)) problem = $"allocated {allocated} bytes for {bytes.Length} bytes of input";
        return new((e is not null || reported) && problem is null, elapsed, allocated, problem);
    }
}

/// <summary>The probe the fuzzing run relies on catches each way a reader can fail, so a clean run means something.</summary>
public sealed class ReaderProbeTests
{
    private static readonly byte[] Input = new byte[1000];

    [Fact]
    public void A_reader_that_returns_or_throws_its_own_error_passes()
    {
        Assert.Null(ReaderProbe.Feed(_ => "fine", Input, TimeSpan.FromSeconds(2)).Problem);
        var refused = ReaderProbe.Feed(_ => throw new MetadataFormatException("broken"), Input, TimeSpan.FromSeconds(2));
        Assert.Null(refused.Problem);
        Assert.True(refused.ReaderError);
    }

    [Fact]
    public void A_reader_that_throws_another_exception_fails()
    {
        var outcome = ReaderProbe.Feed(b => b[b.Length], Input, TimeSpan.FromSeconds(2));
        Assert.Contains("IndexOutOfRangeException", outcome.Problem);
    }

    [Fact]
    public void A_reader_that_hangs_fails()
    {
        using var stop = new ManualResetEventSlim();
        var outcome = ReaderProbe.Feed(_ => stop.Wait(TimeSpan.FromSeconds(5)), Input, TimeSpan.FromMilliseconds(200));
        stop.Set();
        Assert.Contains("still running", outcome.Problem);
    }

    [Fact]
    public void A_reader_that_allocates_beyond_the_bound_fails()
    {
        var outcome = ReaderProbe.Feed(b => new byte[ReaderProbe.AllocationBound(b.Length) + 1], Input, TimeSpan.FromSeconds(10));
        Assert.Contains("allocated", outcome.Problem);
    }
}
