namespace CopyrightLedger.Core.Metadata;

/// <summary>
/// One piece of metadata exactly as it stood in the file: where it was (<c>png:tEXt</c>, <c>jpeg:APP1</c>,
/// <c>exif:0x9286</c>, <c>webp:EXIF</c>, <c>png:caBX</c>, ...), under which key, and its bytes. The bytes are the
/// evidence; every parsed field is a convenience derived from them.
/// </summary>
public sealed record RawChunk(string Container, string Key, byte[] Data);

/// <summary>A text entry found in a file, decoded (PNG text chunk keyword and text, EXIF string tag, ...).</summary>
public sealed record TextEntry(string Source, string Key, string Text);

public sealed record LoraRef(string Name, double? Weight, string? Hash);

/// <summary>
/// What a generator says about one output: the fields every tool has in some form, plus every parameter verbatim.
/// Values the file does not state stay null; nothing is guessed.
/// </summary>
public sealed record GenerationInfo
{
    /// <summary><c>a1111</c>, <c>forge</c>, <c>forge-neo</c>, <c>sdnext</c>, <c>comfyui</c>, <c>invokeai</c>, <c>novelai</c>, <c>fooocus</c>, <c>swarmui</c>, <c>midjourney</c>.</summary>
    public required string Generator { get; init; }
    public string? GeneratorVersion { get; init; }
    public string? Prompt { get; init; }
    public string? NegativePrompt { get; init; }
    /// <summary>Decimal string: seeds reach 2^64−1.</summary>
    public string? Seed { get; init; }
    public int? Steps { get; init; }
    public double? CfgScale { get; init; }
    public string? Sampler { get; init; }
    public string? Scheduler { get; init; }
    public string? Model { get; init; }
    public string? ModelHash { get; init; }
    /// <summary>The generation size (A1111 <c>Size</c>, ComfyUI latent size, ...), which may differ from the file's pixel size.</summary>
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? Denoise { get; init; }
    public IReadOnlyList<LoraRef> Loras { get; init; } = [];
    /// <summary>Every key/value the tool wrote, verbatim, in its order (flattened with dotted keys for JSON).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];
    /// <summary>Midjourney's job id.</summary>
    public string? JobId { get; init; }
    /// <summary>What the output was made from, as the metadata names it: hashes (A1111 <c>Init image hash</c>) or file names (ComfyUI <c>LoadImage</c>, InvokeAI image names).</summary>
    public IReadOnlyList<string> InputImages { get; init; } = [];
    /// <summary><c>txt2img</c>, <c>img2img</c>, <c>inpaint</c>, <c>outpaint</c>, <c>upscale</c> where the tool says.</summary>
    public string? Mode { get; init; }
    /// <summary>Where the reader had to guess or gave up on part of the data (custom nodes, unparseable values).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string? Size => Width is { } w && Height is { } h ? $"{w}x{h}" : null;
}

/// <summary>One <c>xmpMM:History</c> event.</summary>
public sealed record EditEvent(string Action, string? When, string? SoftwareAgent, string? Changed, string? Parameters, string? InstanceId);

/// <summary>Adobe XMP as far as authorship goes: identity of the document, its ancestry and its edit history.</summary>
public sealed record XmpInfo
{
    public string? DocumentId { get; init; }
    public string? InstanceId { get; init; }
    public string? OriginalDocumentId { get; init; }
    public string? DerivedFromDocumentId { get; init; }
    public string? DerivedFromInstanceId { get; init; }
    public IReadOnlyList<string> DocumentAncestors { get; init; } = [];
    public string? CreatorTool { get; init; }
    public string? CreateDate { get; init; }
    public string? ModifyDate { get; init; }
    /// <summary>Normalised to the last path segment (<c>trainedAlgorithmicMedia</c>).</summary>
    public string? DigitalSourceType { get; init; }
    public IReadOnlyList<EditEvent> History { get; init; } = [];
}

public sealed record C2paAction(string Action, string? When, string? SoftwareAgent, string? DigitalSourceType, string? Description);

public sealed record C2paIngredient(string? Title, string? Relationship, string? Format);

/// <summary>
/// A C2PA manifest store as read, not validated: the signature and the trust chain are NOT checked here, and the
/// UI and CLI say so next to every C2PA field.
/// </summary>
public sealed record C2paInfo
{
    public bool Present { get; init; } = true;
    public string? ClaimGenerator { get; init; }
    public string? Title { get; init; }
    public string? Format { get; init; }
    public IReadOnlyList<C2paAction> Actions { get; init; } = [];
    public IReadOnlyList<C2paIngredient> Ingredients { get; init; } = [];
    public int ManifestCount { get; init; }
    public string Validation { get; init; } = "not validated";
    /// <summary>Why some of the store could not be read (the bytes are kept regardless).</summary>
    public string? Error { get; init; }
}

/// <summary>Everything read from one file. <see cref="Error"/> is set when the file could not be read at all.</summary>
public sealed record FileMetadata
{
    public required string Sha256 { get; init; }
    public required string MediaType { get; init; }
    public long SizeBytes { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    /// <summary>The file's own claim of when it was made or modified (PNG tIME, EXIF DateTimeOriginal, ...), as written.</summary>
    public string? ClaimedTime { get; init; }
    public IReadOnlyList<RawChunk> Chunks { get; init; } = [];
    public IReadOnlyList<TextEntry> Text { get; init; } = [];
    public GenerationInfo? Generation { get; init; }
    public XmpInfo? Xmp { get; init; }
    public C2paInfo? C2pa { get; init; }
    /// <summary>IPTC digital source type from any source (XMP, C2PA), last path segment.</summary>
    public string? DigitalSourceType { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The warning that a generator's chunk did not parse (kept raw): the file is damaged, though readable.</summary>
    public string? DamagedChunk { get; init; }
    /// <summary>Why the file is damaged (an error, or a generator chunk that did not parse); null when it is not.</summary>
    public string? Damage => Error ?? DamagedChunk;
}

/// <summary>A file that cannot be read as what it claims to be. The message is fit for a person.</summary>
public sealed class MetadataFormatException(string message) : Exception(message);

/// <summary>Bounds every reader keeps to, whatever the input.</summary>
public static class ReadLimits
{
    /// <summary>JSON nesting a reader accepts; deeper documents are refused, not recursed into.</summary>
    public const int MaxJsonDepth = 64;
    public const int MaxTextBytes = 16 << 20;
    public const int MaxComfyNodes = 10_000;
    public const long MaxPixels = 100_000_000;
}
