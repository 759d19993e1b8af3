using System.Text.Json.Nodes;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Ledger;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Accounts;

/// <summary>
/// Records sign-in attempts on the installation chain. A success is one event naming the account. Failures are
/// counted per attempted name and window (<see cref="SignInLimits.FailureWindowMinutes"/>) and written as one
/// <c>sign-in.failed</c> event when the window closes (or at the next success for that name, or when the app
/// stops), with the attempts, their outcomes and source addresses, by <c>anonymous</c>: a flood of failures makes a
/// handful of events, not one per guess (docs/SECURITY.md, "Sign-in and access").
/// </summary>
public sealed class SignInLedger(IDbContextFactory<LedgerDbContext> dbs, UserManager<AppUser> users, FailedSignIns failures)
{
    public async Task RecordAsync(string email, SignInResult result, string? address, CancellationToken ct = default)
    {
        var typed = FailedSignIns.Bound(email);
        if (!result.Succeeded)
        {
            failures.Add(typed, result.IsLockedOut ? "locked-out" : result.IsNotAllowed ? "not-allowed" : "failed", address);
            return;
        }
        await failures.FlushAsync(typed, ct); // the failures before a success come before it in the chain
        var user = await users.FindByEmailAsync(typed);
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Record(user?.Id ?? "anonymous", user?.NameToShow ?? typed, "sign-in");
        db.AddLedgerEvent(LedgerChains.Installation, new JsonObject { ["email"] = typed, ["outcome"] = "succeeded", ["address"] = address });
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>
/// Failed sign-ins held in memory per attempted name until their window closes. Bounded: at most
/// <see cref="MaxNames"/> names per window (further names are counted under <see cref="OtherNames"/>) and
/// <see cref="MaxAddresses"/> addresses per name (the rest are counted).
/// </summary>
public sealed class FailedSignIns(IDbContextFactory<LedgerDbContext> dbs, TimeProvider clock, IOptions<SignInLimits> limits, ILogger<FailedSignIns> log) : BackgroundService
{
    public const int MaxNames = 100;
    public const int MaxAddresses = 50;
    public const string OtherNames = "(other names)";
    public const string Action = "sign-in.failed";

    private readonly object _lock = new();
    private readonly Dictionary<string, Tally> _open = new(StringComparer.Ordinal);

    private sealed class Tally(string name, DateTime windowStart, DateTime first)
    {
        public string Name { get; } = name;
        public DateTime WindowStart { get; } = windowStart;
        public DateTime First { get; } = first;
        public DateTime Last { get; set; } = first;
        public int Attempts { get; set; }
        public SortedDictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> Addresses { get; } = new(StringComparer.Ordinal);
        public int OtherAddresses { get; set; }
    }

    public static string Bound(string email)
    {
        var trimmed = email.Trim();
        return trimmed.Length <= 256 ? trimmed : trimmed[..256];
    }

    private TimeSpan Window => TimeSpan.FromMinutes(limits.Value.FailureWindowMinutes);

    public void Add(string name, string outcome, string? address)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var start = new DateTime(now.Ticks - now.Ticks % Window.Ticks, DateTimeKind.Utc);
        var key = name.ToUpperInvariant();
        lock (_lock)
        {
            if (!_open.ContainsKey(key) && _open.Count >= MaxNames) key = name = OtherNames;
            if (!_open.TryGetValue(key, out var t)) _open[key] = t = new Tally(name, start, now);
            t.Attempts++;
            t.Last = now;
            t.Outcomes[outcome] = t.Outcomes.GetValueOrDefault(outcome) + 1;
            var a = address ?? "unknown";
            if (t.Addresses.Contains(a) || t.Addresses.Count < MaxAddresses) t.Addresses.Add(a);
            else t.OtherAddresses++;
        }
    }

    /// <summary>Writes the open tally of one name now (before a success for it).</summary>
    public Task FlushAsync(string name, CancellationToken ct) => WriteAsync(Take(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)), ct);

    /// <summary>Writes every tally whose window has closed; <paramref name="all"/> writes the open ones too.</summary>
    public Task FlushAsync(bool all, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return WriteAsync(Take(t => all || t.WindowStart + Window <= now), ct);
    }

    private List<Tally> Take(Func<Tally, bool> which)
    {
        lock (_lock)
        {
            var taken = _open.Where(kv => which(kv.Value)).ToList();
            foreach (var kv in taken) _open.Remove(kv.Key);
            return taken.Select(kv => kv.Value).OrderBy(t => t.First).ToList();
        }
    }

    private async Task WriteAsync(List<Tally> tallies, CancellationToken ct)
    {
        if (tallies.Count == 0) return;
        try { await AppendAsync(tallies, ct); }
        catch
        {
            lock (_lock) // kept for the next flush rather than lost
                foreach (var t in tallies) _open.TryAdd(t.Name.ToUpperInvariant(), t);
            throw;
        }
    }

    private async Task AppendAsync(List<Tally> tallies, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Record("anonymous", "anonymous", Action);
        foreach (var t in tallies)
        {
            var outcomes = new JsonObject();
            foreach (var (outcome, n) in t.Outcomes) outcomes[outcome] = n;
            db.AddLedgerEvent(LedgerChains.Installation, new JsonObject
            {
                ["email"] = t.Name,
                ["attempts"] = t.Attempts,
                ["outcomes"] = outcomes,
                ["addresses"] = new JsonArray([.. t.Addresses.Select(a => (JsonNode)a)]),
                ["otherAddresses"] = t.OtherAddresses,
                ["first"] = t.First.ToString("O"),
                ["last"] = t.Last.ToString("O"),
                ["windowMinutes"] = limits.Value.FailureWindowMinutes,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await FlushAsync(all: false, stoppingToken); }
                catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Failed sign-ins not yet written to the ledger; trying again"); }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try { await FlushAsync(all: true, CancellationToken.None); } // what was counted is written before the app ends
        catch (ObjectDisposedException e)
        {
            // A test host stops twice side by side (the factory's stop, and Program's RunAsync, which disposes the
            // services once its own stop is done): the later stop has no database left to write to. Say what is
            // lost on the console, as the logger is gone too; a served app stops once.
            Console.Error.WriteLine($"CopyrightLedger: failed sign-ins counted since the last flush were not written to the ledger: {e.Message}");
        }
    }
}
