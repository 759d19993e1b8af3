using System.Security.Cryptography;
using System.Text;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CopyrightLedger.Web.Features.Ingest;

/// <summary>
/// A per-user token for the ingest API. Only the SHA-256 of the secret is stored; the secret (<c>clt_…</c>) is shown
/// once, when the token is made. A revoked token stays listed, so who could post when remains on record.
/// </summary>
public sealed class ApiToken
{
    private ApiToken() { UserId = ""; Name = ""; SecretHash = ""; }

    public ApiToken(Guid id, string userId, string name, string secretHash, DateTime createdAtUtc)
    {
        Id = id;
        UserId = userId;
        Name = name;
        SecretHash = secretHash;
        CreatedAtUtc = createdAtUtc;
    }

    public Guid Id { get; private set; }
    public string UserId { get; private set; }
    public string Name { get; private set; }
    public string SecretHash { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime? LastUsedAtUtc { get; private set; }
    public DateTime? RevokedAtUtc { get; private set; }

    public void Used(DateTime at) => LastUsedAtUtc = at;
    public void Revoke(DateTime at) => RevokedAtUtc ??= at;
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("ApiTokens");
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.SecretHash).HasMaxLength(64).IsFixedLength();
        b.HasIndex(t => t.SecretHash).IsUnique();
        b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed record ApiTokenView(Guid Id, string Name, DateTime CreatedAtUtc, DateTime? LastUsedAtUtc, DateTime? RevokedAtUtc);

public sealed class ApiTokenService(IDbContextFactory<LedgerDbContext> dbs, TimeProvider clock)
{
    public const string Prefix = "clt_";

    /// <returns>The secret, to show once.</returns>
    public async Task<string> CreateAsync(Actor actor, string name, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100) throw new Core.DomainException("Name the token (up to 100 characters), e.g. the machine or plugin that uses it.");
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Add(new ApiToken(Guid.CreateVersion7(clock.GetUtcNow()), actor.UserId, name.Trim(), Hash(secret), clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return secret;
    }

    public async Task<IReadOnlyList<ApiTokenView>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return (await db.Set<ApiToken>().AsNoTracking().Where(t => t.UserId == actor.UserId).ToListAsync(ct))
            .OrderByDescending(t => t.CreatedAtUtc).Select(t => new ApiTokenView(t.Id, t.Name, t.CreatedAtUtc, t.LastUsedAtUtc, t.RevokedAtUtc)).ToList();
    }

    public async Task RevokeAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var token = await db.Set<ApiToken>().SingleOrDefaultAsync(t => t.Id == id && t.UserId == actor.UserId, ct) ?? throw new Cases.NotFoundException();
        token.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The user a live token belongs to, or null; the token's last use is recorded.</summary>
    public async Task<string?> AuthenticateAsync(string? secret, CancellationToken ct)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var hash = Hash(secret);
        var token = await db.Set<ApiToken>().SingleOrDefaultAsync(t => t.SecretHash == hash && t.RevokedAtUtc == null, ct);
        if (token is null) return null;
        // A disabled account's tokens stop with it (docs/SECURITY.md, "Sign-in and access").
        if (await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == token.UserId, ct) is not { } owner || Web.Accounts.AccountState.IsDisabled(owner)) return null;
        token.Used(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return token.UserId;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
