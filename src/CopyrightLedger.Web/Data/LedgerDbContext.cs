using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CopyrightLedger.Web.Data;

/// <summary>
/// Accounts and evidence in one SQLite file. The schema is changed only by hand-written migrations in
/// <c>Data/Migrations</c>; <c>SchemaTests</c> fails when the model and the migrations disagree.
/// </summary>
public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseMember> CaseMembers => Set<CaseMember>();
    public DbSet<Work> Works => Set<Work>();
    public DbSet<Iteration> Iterations => Set<Iteration>();
    public DbSet<Artifact> Artifacts => Set<Artifact>();
    public DbSet<Selection> Selections => Set<Selection>();
    public DbSet<HumanEdit> HumanEdits => Set<HumanEdit>();
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<Jobs.Job> Jobs => Set<Jobs.Job>();
    public DbSet<Ledger.LedgerEvent> LedgerEvents => Set<Ledger.LedgerEvent>();
    public DbSet<Ledger.LedgerCheckpoint> LedgerCheckpoints => Set<Ledger.LedgerCheckpoint>();
    public DbSet<Ledger.LedgerTimestamp> LedgerTimestamps => Set<Ledger.LedgerTimestamp>();
    public DbSet<Features.Ingest.ApiToken> ApiTokens => Set<Features.Ingest.ApiToken>();

    /// <summary>Who the ledger event of the next save names; services set it with <see cref="Record"/>.</summary>
    public (string Id, string Name) LedgerActor { get; private set; } = ("system", "CopyrightLedger");

    /// <summary>What the next save does, in a word the event keeps (<c>case.create</c>, <c>import</c>, ...).</summary>
    public string LedgerAction { get; private set; } = "change";

    internal bool HoldsLedgerGate { get; set; }

    /// <summary>A write transaction the ledger interceptor began for a save that had none; it commits or rolls it back.</summary>
    internal Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? LedgerTransaction { get; set; }

    /// <summary>How long a writer waits for SQLite's write lock: ten imports queued on a loaded machine wait longer than a command's 30 s.</summary>
    public const int WriteLockWaitSeconds = 600;

    /// <summary>
    /// A transaction that takes SQLite's write lock at once (<c>BEGIN IMMEDIATE</c>), for work that numbers new rows from
    /// what the database holds (a work's next run, a chain's next event) before it saves them. Another process doing
    /// the same waits for the lock (up to <see cref="WriteLockWaitSeconds"/>) instead of reading the same numbers and
    /// failing on them. The caller commits; disposing without a commit rolls back.
    /// </summary>
    public async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginWriteAsync(CancellationToken ct = default)
    {
        await Database.OpenConnectionAsync(ct);
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)Database.GetDbConnection();
        var timeout = connection.DefaultTimeout;
        connection.DefaultTimeout = Math.Max(timeout, WriteLockWaitSeconds);
        Microsoft.Data.Sqlite.SqliteTransaction transaction;
        try { transaction = connection.BeginTransaction(deferred: false); }
        finally { connection.DefaultTimeout = timeout; }
        return await Database.UseTransactionAsync(transaction, ct) ?? throw new InvalidOperationException("The context did not take the transaction.");
    }

    /// <summary>Events that change no evidence row (a sign-in), appended with the next save.</summary>
    internal List<(string Chain, System.Text.Json.Nodes.JsonObject Data)> PendingLedgerEvents { get; } = [];

    /// <summary>Appends an event of <paramref name="chain"/> that carries <paramref name="data"/> instead of rows, at the next save.</summary>
    public void AddLedgerEvent(string chain, System.Text.Json.Nodes.JsonObject data) => PendingLedgerEvents.Add((chain, data));

    /// <summary>Names the actor and the action for the ledger events of the saves that follow.</summary>
    public LedgerDbContext Record(string actorId, string actorName, string action)
    {
        LedgerActor = (actorId, actorName);
        LedgerAction = action;
        return this;
    }

    public LedgerDbContext Record(Accounts.Actor actor, string action) => Record(actor.UserId, actor.DisplayName, action);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no time type: DateTime is stored as ISO text and read back with Kind=Unspecified.
        // Every DateTime in this model is UTC, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.ApplyConfigurationsFromAssembly(typeof(LedgerDbContext).Assembly);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(v => RequireUtc(v), v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
    {
        private static DateTime RequireUtc(DateTime v) =>
            v.Kind == DateTimeKind.Utc ? v : throw new InvalidOperationException($"Non-UTC time {v:O} reached the database.");
    }
}
