using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>
/// Second pass over the PDF that PDFsharp 6.2.4 wrote, to make it deterministic and well-formed:
/// <list type="bullet">
/// <item>PDFsharp's Flate encoder leaves out the zlib Adler-32 trailer (qpdf warns on every stream), so the draft
/// is written uncompressed and every stream is compressed here with <see cref="ZLibStream"/>.</item>
/// <item>Randomness is replaced: font subset tags (PDFsharp draws them from <c>Guid.NewGuid</c>), the trailer /ID
/// and the XMP DocumentID/InstanceID are derived from a hash of the content; annotation /NM names are numbered;
/// attachment and annotation dates are the document's.</item>
/// <item>Attachments get what PDF/A-3 asks of them: /Subtype (MIME type), /AFRelationship, /UF, /Desc, and the
/// catalog's /AF array. Attachment streams are stored as given: never filtered, so the bytes are the file.</item>
/// </list>
/// PDF/A: PDFsharp 6.2.4's <see cref="PdfDocument.SetPdfA"/> declares PDF/A-1A, starts PDF/UA tagging (drawing text
/// outside a structure element then throws) and adds an sRGB OutputIntent. Embedded files are not allowed in
/// PDF/A-1 or -2, and our pages are not tagged, so when asked for PDF/A we call SetPdfA here (no drawing is left),
/// drop the empty structure tree it starts, and declare PDF/A-3B instead. Not validated with veraPDF: the claim
/// rests on embedded fonts, the OutputIntent, XMP written by PDFsharp, printable annotations and the attachment keys.
/// One known flaw: the ICC profile stream SetPdfA adds during the final save is PDFsharp's own Flate output, without
/// the Adler-32 trailer (qpdf --check passes; qpdf --qdf warns on that one stream).
/// </summary>
internal static partial class PdfFinisher
{
    public static byte[] Finish(byte[] draft, LayoutDocument doc)
    {
        using var pdf = PdfReader.Open(new MemoryStream(draft), PdfDocumentOpenMode.Modify);
        using var seed = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        var tags = new Dictionary<string, string>();
        var annotations = 0;
        var streams = new List<PdfDictionary>();
        foreach (var obj in pdf.Internals.GetAllObjects())
        {
            if (obj is not PdfDictionary dict) continue;
            foreach (var key in new[] { "/BaseFont", "/FontName" })
                if (SubsetTag().Match(dict.Elements.GetName(key)) is { Success: true } m)
                {
                    // The three dictionaries of one font share PDFsharp's random tag: map each tag to a fixed one.
                    if (!tags.TryGetValue(m.Groups[1].Value, out var tag))
                        tags[m.Groups[1].Value] = tag = Tag(m.Groups[2].Value, tags.Count);
                    dict.Elements.SetName(key, "/" + tag + "+" + m.Groups[2].Value);
                }
            if (dict.Elements.GetName("/Type") == "/Annot")
            {
                dict.Elements.SetInteger("/F", 4); // print flag (PDF/A)
                // PDFsharp names annotations with a new GUID and dates them with the clock.
                dict.Elements.SetString("/NM", $"annotation-{++annotations}");
                dict.Elements.SetDateTime("/M", doc.CreationDate.UtcDateTime);
            }
            if (dict.Stream is null || dict.Elements.GetName("/Type") == "/Metadata") continue;
            streams.Add(dict);
        }
        // Deflate is most of the finishing work, and each stream is independent: compress on every core, then apply
        // in document order (the output does not depend on which thread did what).
        var toPack = streams.Where(d => d.Elements.GetName("/Type") != "/EmbeddedFile").ToArray();
        var packed = new byte[]?[toPack.Length];
        Parallel.For(0, toPack.Length, i => packed[i] = Pack(toPack[i]));
        for (var i = 0; i < toPack.Length; i++)
            if (packed[i] is { } deflated)
            {
                toPack[i].Stream.Value = deflated;
                toPack[i].Elements.SetName("/Filter", "/FlateDecode");
                toPack[i].Elements.SetInteger("/Length", deflated.Length);
            }
        foreach (var dict in streams) seed.AppendData(dict.Stream.Value);
        FinishAttachments(pdf, doc);
        pdf.Info.ModificationDate = doc.CreationDate.UtcDateTime;
        seed.AppendData(Encoding.UTF8.GetBytes(doc.Info.ToString() + doc.CreationDate.ToString("O")));
        var id = seed.GetHashAndReset();
        pdf.Internals.FirstDocumentID = Encoding.Latin1.GetString(id, 0, 16);
        pdf.Internals.SecondDocumentID = Encoding.Latin1.GetString(id, 0, 16);
        if (doc.PdfA) DeclarePdfA(pdf);
        // PDFsharp writes a new XMP packet on save; drop the draft's so it does not linger unreferenced.
        pdf.Internals.Catalog.Elements.Remove("/Metadata");
        pdf.Options.NoCompression = true;
        using var output = new MemoryStream();
        pdf.Save(output);
        var bytes = output.ToArray();
        PatchXmp(bytes, id, doc.PdfA);
        return bytes;
    }

    private static void DeclarePdfA(PdfDocument pdf)
    {
        pdf.SetPdfA();
        pdf.Internals.Catalog.Elements.Remove("/StructTreeRoot");
        pdf.Internals.Catalog.Elements.Remove("/MarkInfo");
    }

    /// <summary>The stream's content deflated with a correct zlib wrapper, or null to leave it as it is (JPEG and other filters).</summary>
    private static byte[]? Pack(PdfDictionary dict)
    {
        var stream = dict.Stream;
        var filter = dict.Elements["/Filter"];
        byte[] raw;
        if (filter is null) raw = stream.Value;
        else if (filter is PdfName { Value: "/FlateDecode" })
        {
            // PDFsharp's own Flate output (e.g. image data): inflate the raw deflate body after the 2-byte header.
            using var inflate = new DeflateStream(new MemoryStream(stream.Value, 2, stream.Value.Length - 2), CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            inflate.CopyTo(inflated);
            raw = inflated.ToArray();
        }
        else return null; // DCTDecode (JPEG) and others stay as they are.
        using var packed = new MemoryStream();
        // Optimal (zlib level 6): within a few per cent of the smallest size, at a fraction of its time.
        using (var z = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);
        return packed.ToArray();
    }

    private static void FinishAttachments(PdfDocument pdf, LayoutDocument doc)
    {
        var names = pdf.Internals.Catalog.Elements.GetDictionary("/Names")?.Elements.GetDictionary("/EmbeddedFiles")?.Elements.GetArray("/Names");
        if (names is null) return;
        var af = new PdfArray(pdf);
        var date = doc.CreationDate.UtcDateTime;
        for (var i = 0; i + 1 < names.Elements.Count; i += 2)
        {
            var name = names.Elements.GetString(i);
            var attachment = doc.Attachments.Single(a => a.Name == name);
            var spec = names.Elements.GetDictionary(i + 1)!;
            spec.Elements.SetString("/UF", name);
            spec.Elements.SetName("/AFRelationship", "/Source");
            if (attachment.Description.Length > 0) spec.Elements.SetString("/Desc", attachment.Description);
            var file = spec.Elements.GetDictionary("/EF")!.Elements.GetDictionary("/F")!;
            file.Elements.SetName("/Subtype", "/" + attachment.MimeType);
            var parameters = file.Elements.GetDictionary("/Params")!;
            parameters.Elements.SetDateTime("/CreationDate", date);
            parameters.Elements.SetDateTime("/ModDate", date);
            af.Elements.Add(names.Elements[i + 1]);
        }
        pdf.Internals.Catalog.Elements["/AF"] = af;
    }

    /// <summary>PDFsharp puts random UUIDs into the XMP packet it writes on save; they are replaced in place (same length).</summary>
    private static void PatchXmp(byte[] pdf, byte[] id, bool pdfA)
    {
        var text = Encoding.Latin1.GetString(pdf);
        void Put(int at, string value) => Encoding.Latin1.GetBytes(value).CopyTo(pdf, at);
        foreach (var (element, offset) in new[] { ("<xmpMM:DocumentID>uuid:", 0), ("<xmpMM:InstanceID>uuid:", 16) })
        {
            var at = text.IndexOf(element, StringComparison.Ordinal);
            if (at >= 0) Put(at + element.Length, new Guid(id.AsSpan(offset, 16)).ToString());
        }
        if (!pdfA) return;
        foreach (var (from, to) in new[] { ("<pdfaid:part>1<", "<pdfaid:part>3<"), ("<pdfaid:conformance>A<", "<pdfaid:conformance>B<") })
        {
            var at = text.IndexOf(from, StringComparison.Ordinal);
            if (at < 0) throw new InvalidOperationException($"PDFsharp did not write {from} into the XMP metadata; the PDF/A declaration cannot be set.");
            Put(at, to);
        }
    }

    private static string Tag(string fontName, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{fontName}#{index}"));
        return string.Concat(hash.Take(6).Select(b => (char)('A' + b % 26)));
    }

    [GeneratedRegex(@"^/([A-Z]{6})\+(.+)$")]
    private static partial Regex SubsetTag();
}
