namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>Document information written to the PDF's Info dictionary and XMP metadata.</summary>
public sealed record DocumentInfo(string Title, string Author = "", string Subject = "", string Keywords = "");

/// <summary>A file attached to the PDF as it is, byte for byte.</summary>
public sealed record Attachment(string Name, byte[] Data, string MimeType = "application/octet-stream", string Description = "");

/// <summary>Page geometry, wording and dates. Sizes are in points (1/72 inch); A4 by default.</summary>
public sealed record PageSettings
{
    public double Width { get; init; } = 595.276;
    public double Height { get; init; } = 841.89;
    public double MarginLeft { get; init; } = 56;
    public double MarginRight { get; init; } = 56;
    public double MarginTop { get; init; } = 64;
    public double MarginBottom { get; init; } = 60;
    public double FontSize { get; init; } = 10;
    public string HeaderLeft { get; init; } = "";
    public string HeaderRight { get; init; } = "";
    /// <summary>Composite format with {0} = this page and {1} = page count, e.g. "第 {0} 页，共 {1} 页".</summary>
    public string FooterFormat { get; init; } = "Page {0} of {1}";
    public string FooterLeft { get; init; } = "";

    public double BodyWidth => Width - MarginLeft - MarginRight;
    public double BodyHeight => Height - MarginTop - MarginBottom;
}

/// <summary>
/// What to render: settings plus the blocks, in order. <see cref="CreationDate"/> is supplied by the caller (no clock
/// is read while rendering), so the same document renders to the same bytes.
/// </summary>
public sealed class LayoutDocument(DocumentInfo info, DateTimeOffset creationDate)
{
    private readonly List<Block> _blocks = [];
    private readonly List<Attachment> _attachments = [];

    public DocumentInfo Info { get; } = info;
    public DateTimeOffset CreationDate { get; } = creationDate;
    public PageSettings Page { get; init; } = new();
    public FontFiles Fonts { get; init; } = FontFiles.Default;
    /// <summary>Marks the file as PDF/A-3B (see <see cref="PdfFinisher"/> for what that does and does not guarantee).</summary>
    public bool PdfA { get; init; }

    public IReadOnlyList<Block> Blocks => _blocks;
    public IReadOnlyList<Attachment> Attachments => _attachments;

    public LayoutDocument Add(Block block)
    {
        _blocks.Add(block);
        return this;
    }

    public LayoutDocument AddRange(IEnumerable<Block> blocks)
    {
        _blocks.AddRange(blocks);
        return this;
    }

    public LayoutDocument AddEmbeddedFile(string name, byte[] data, string mimeType = "application/octet-stream", string description = "")
    {
        if (_attachments.Any(a => a.Name == name)) throw new ArgumentException($"An attachment named {name} was already added.", nameof(name));
        _attachments.Add(new Attachment(name, data, mimeType, description));
        return this;
    }
}
