using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CopyrightLedger.Web.Data;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.Property(c => c.Title).HasMaxLength(200);
        b.Property(c => c.Jurisdiction).HasMaxLength(32);
        b.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Members).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CaseMemberConfiguration : IEntityTypeConfiguration<CaseMember>
{
    public void Configure(EntityTypeBuilder<CaseMember> b)
    {
        b.HasKey(m => new { m.CaseId, m.UserId });
        b.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class WorkConfiguration : IEntityTypeConfiguration<Work>
{
    public void Configure(EntityTypeBuilder<Work> b)
    {
        b.HasOne<Case>().WithMany().HasForeignKey(w => w.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(w => w.CaseId);
    }
}

internal sealed class IterationConfiguration : IEntityTypeConfiguration<Iteration>
{
    public void Configure(EntityTypeBuilder<Iteration> b)
    {
        b.HasOne<Work>().WithMany().HasForeignKey(i => i.WorkId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => new { i.WorkId, i.Sequence }).IsUnique();
        b.HasMany(i => i.Parents).WithOne().HasForeignKey(l => l.IterationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.Inputs).WithOne().HasForeignKey(l => l.IterationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IterationLinkConfiguration : IEntityTypeConfiguration<IterationLink>
{
    public void Configure(EntityTypeBuilder<IterationLink> b)
    {
        b.ToTable("IterationParents");
        b.HasKey(l => new { l.IterationId, l.ParentIterationId });
        b.HasOne<Iteration>().WithMany().HasForeignKey(l => l.ParentIterationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IterationInputConfiguration : IEntityTypeConfiguration<IterationInput>
{
    public void Configure(EntityTypeBuilder<IterationInput> b)
    {
        b.ToTable("IterationInputs");
        b.HasKey(l => new { l.IterationId, l.ArtifactId });
        b.HasOne<Artifact>().WithMany().HasForeignKey(l => l.ArtifactId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ArtifactConfiguration : IEntityTypeConfiguration<Artifact>
{
    public void Configure(EntityTypeBuilder<Artifact> b)
    {
        b.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength();
        b.Property(a => a.MediaType).HasMaxLength(128);
        b.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Work>().WithMany().HasForeignKey(a => a.WorkId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Iteration>().WithMany().HasForeignKey(a => a.IterationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.CaseId, a.Sha256 }).IsUnique();
        b.HasIndex(a => a.WorkId);
        b.HasIndex(a => a.IterationId);
        b.HasMany(a => a.Chunks).WithOne().HasForeignKey(x => x.ArtifactId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MetadataChunkConfiguration : IEntityTypeConfiguration<MetadataChunk>
{
    public void Configure(EntityTypeBuilder<MetadataChunk> b)
    {
        b.ToTable("MetadataChunks");
        b.HasKey(x => new { x.ArtifactId, x.Ordinal });
        b.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
    }
}

internal sealed class SelectionConfiguration : IEntityTypeConfiguration<Selection>
{
    public void Configure(EntityTypeBuilder<Selection> b)
    {
        b.HasOne<Work>().WithMany().HasForeignKey(s => s.WorkId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Artifact>().WithMany().HasForeignKey(s => s.ChosenArtifactId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => s.WorkId);
        b.HasMany(s => s.Candidates).WithOne().HasForeignKey(x => x.SelectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SelectionCandidateConfiguration : IEntityTypeConfiguration<SelectionCandidate>
{
    public void Configure(EntityTypeBuilder<SelectionCandidate> b)
    {
        b.ToTable("SelectionCandidates");
        b.HasKey(x => new { x.SelectionId, x.ArtifactId });
        b.HasOne<Artifact>().WithMany().HasForeignKey(x => x.ArtifactId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HumanEditConfiguration : IEntityTypeConfiguration<HumanEdit>
{
    public void Configure(EntityTypeBuilder<HumanEdit> b)
    {
        b.HasOne<Work>().WithMany().HasForeignKey(e => e.WorkId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Artifact>().WithMany().HasForeignKey(e => e.FromArtifactId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Artifact>().WithMany().HasForeignKey(e => e.ToArtifactId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => e.WorkId);
    }
}

internal sealed class NoteConfiguration : IEntityTypeConfiguration<Note>
{
    public void Configure(EntityTypeBuilder<Note> b)
    {
        b.Ignore(n => n.WrittenAt);
        b.HasOne<Case>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Work>().WithMany().HasForeignKey(n => n.WorkId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(n => n.CaseId);
        b.HasMany(n => n.Files).WithOne().HasForeignKey(x => x.NoteId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NoteArtifactConfiguration : IEntityTypeConfiguration<NoteArtifact>
{
    public void Configure(EntityTypeBuilder<NoteArtifact> b)
    {
        b.ToTable("NoteArtifacts");
        b.HasKey(x => new { x.NoteId, x.ArtifactId });
        b.HasOne<Artifact>().WithMany().HasForeignKey(x => x.ArtifactId).OnDelete(DeleteBehavior.Restrict);
    }
}
