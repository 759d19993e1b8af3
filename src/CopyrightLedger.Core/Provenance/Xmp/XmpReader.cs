using System.Xml;
using System.Xml.Linq;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Provenance.Xmp;

/// <summary>
/// Reads the authorship fields of an XMP packet (Adobe XMP Specification Part 1 and 2; docs/FORMATS.md B5): document
/// identity, ancestry, creator tool and dates, IPTC digital source type and the <c>xmpMM:History</c> events. RDF
/// allows a property as an attribute, a child element or an <c>rdf:resource</c>; all three are read, and names are
/// matched by namespace URI, never by prefix. DTDs are refused, so entity expansion attacks cannot run.
/// </summary>
public static class XmpReader
{
    /// <summary>Real packets nest about ten levels (a History event inside a Pantry item); anything past this is hostile.</summary>
    public const int MaxDepth = 64;

    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace XmpMM = "http://ns.adobe.com/xap/1.0/mm/";
    private static readonly XNamespace StEvt = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";
    private static readonly XNamespace StRef = "http://ns.adobe.com/xap/1.0/sType/ResourceRef#";
    private static readonly XNamespace Xmp = "http://ns.adobe.com/xap/1.0/";
    private static readonly XNamespace Photoshop = "http://ns.adobe.com/photoshop/1.0/";
    private static readonly XNamespace Iptc4xmpExt = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";

    public static XmpInfo Read(string packet)
    {
        // Top-level properties live on the rdf:Description children of rdf:RDF; deeper ones (xmpMM:Pantry,
        // ingredients) describe other documents and must not be mistaken for this one's.
        var top = Parse(packet).DescendantsAndSelf(Rdf + "RDF").FirstOrDefault()?.Elements(Rdf + "Description").ToList() ?? [];
        var derivedFrom = top.Elements(XmpMM + "DerivedFrom").FirstOrDefault() is { } d ? StructNodes(d) : [];
        return new XmpInfo
        {
            DocumentId = Field(top, XmpMM + "DocumentID"),
            InstanceId = Field(top, XmpMM + "InstanceID"),
            OriginalDocumentId = Field(top, XmpMM + "OriginalDocumentID"),
            DerivedFromDocumentId = Field(derivedFrom, StRef + "documentID"),
            DerivedFromInstanceId = Field(derivedFrom, StRef + "instanceID"),
            DocumentAncestors = ListItems(top, Photoshop + "DocumentAncestors").Select(Value).OfType<string>().ToList(),
            CreatorTool = Field(top, Xmp + "CreatorTool"),
            CreateDate = Field(top, Xmp + "CreateDate"),
            ModifyDate = Field(top, Xmp + "ModifyDate"),
            DigitalSourceType = DigitalSourceTypes.Normalize(Field(top, Iptc4xmpExt + "DigitalSourceType")),
            History = ListItems(top, XmpMM + "History").Select(li => ReadEvent(StructNodes(li))).ToList(),
        };
    }

    private static XElement Parse(string packet)
    {
        // Packets often carry a BOM character and trailing NUL padding, neither of which is XML.
        var text = packet.TrimStart('\uFEFF').TrimEnd('\0');
        try
        {
            // XDocument takes time quadratic in nesting depth, so the depth is checked in a streaming pass first.
            using (var scan = CreateReader(text))
                while (scan.Read())
                    if (scan.Depth > MaxDepth) throw new MetadataFormatException($"XMP: elements nested deeper than {MaxDepth} levels");
            using var reader = CreateReader(text);
            return XDocument.Load(reader).Root ?? throw new MetadataFormatException("XMP: the packet has no root element");
        }
        catch (XmlException e)
        {
            throw new MetadataFormatException($"XMP: not well-formed XML ({e.Message})");
        }
    }

    private static XmlReader CreateReader(string text) => XmlReader.Create(new StringReader(text), new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = ReadLimits.MaxTextBytes,
        IgnoreComments = true,
    });

    /// <summary>A simple property of any of <paramref name="nodes"/>: an attribute, else a child element's value.</summary>
    private static string? Field(IReadOnlyList<XElement> nodes, XName name) =>
        nodes.Select(n => n.Attribute(name)?.Value).FirstOrDefault(v => v is not null)
        ?? nodes.Elements(name).Select(Value).FirstOrDefault(v => v is not null);

    /// <summary>
    /// Where a structure's fields may be: on its own element (attributes, or children with rdf:parseType="Resource")
    /// or on an rdf:Description inside it.
    /// </summary>
    private static List<XElement> StructNodes(XElement e) => [e, .. e.Elements(Rdf + "Description")];

    /// <summary>An element's value: <c>rdf:resource</c>, else its text; a language alternative gives its first item.</summary>
    private static string? Value(XElement e) =>
        e.Attribute(Rdf + "resource")?.Value ?? (e.HasElements ? FirstAlternative(e) : e.Value.Trim());

    /// <summary>The text of the first <c>rdf:Alt</c> item, looked at one level deep only (no recursion on hostile nesting).</summary>
    private static string? FirstAlternative(XElement e) =>
        e.Element(Rdf + "Alt")?.Element(Rdf + "li") is { HasElements: false } item ? item.Value.Trim() : null;

    /// <summary>The <c>rdf:li</c> items of the array (Seq, Bag or Alt) held by the named top-level property.</summary>
    private static IEnumerable<XElement> ListItems(IReadOnlyList<XElement> top, XName property) =>
        top.Elements(property).Elements()
            .FirstOrDefault(e => e.Name == Rdf + "Seq" || e.Name == Rdf + "Bag" || e.Name == Rdf + "Alt")
            ?.Elements(Rdf + "li") ?? [];

    /// <summary>One history event; its fields may be attributes of <c>rdf:li</c>, child elements, or either inside an <c>rdf:Description</c>.</summary>
    private static EditEvent ReadEvent(List<XElement> li) => new(
        Action: Field(li, StEvt + "action") ?? "",
        When: Field(li, StEvt + "when"),
        SoftwareAgent: Field(li, StEvt + "softwareAgent"),
        Changed: Field(li, StEvt + "changed"),
        Parameters: Field(li, StEvt + "parameters"),
        InstanceId: Field(li, StEvt + "instanceID"));
}
