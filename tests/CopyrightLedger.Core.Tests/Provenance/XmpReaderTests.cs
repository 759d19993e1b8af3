using CopyrightLedger.Core.Metadata;
using CopyrightLedger.Core.Provenance.Xmp;

namespace CopyrightLedger.Core.Tests.Provenance;

public sealed class XmpReaderTests
{
    /// <summary>A real Photoshop 24.2 history (created, saved with changed="/", converted; fields in docs/FORMATS.md B5) in a complete packet, attribute form.</summary>
    public const string PhotoshopPacket = """
        <?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.1-c000">
         <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about=""
            xmlns:xmp="http://ns.adobe.com/xap/1.0/"
            xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
            xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
            xmlns:stRef="http://ns.adobe.com/xap/1.0/sType/ResourceRef#"
            xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
            xmp:CreatorTool="Adobe Photoshop 24.2 (Windows)"
            xmp:CreateDate="2025-11-29T11:56:12+08:00"
            xmp:ModifyDate="2025-11-29T11:59:21+08:00"
            xmpMM:DocumentID="adobe:docid:photoshop:5d0c2a4e-8b1f-2f4b-9f43-6c1e0b5a7d22"
            xmpMM:InstanceID="xmp.iid:04cbcef7-bf99-cd43-a97e-aea8cd7ffe32"
            xmpMM:OriginalDocumentID="xmp.did:eb4776ba-28cb-9d4f-8b17-31f3174b358b">
           <xmpMM:DerivedFrom stRef:instanceID="xmp.iid:eb4776ba-28cb-9d4f-8b17-31f3174b358b" stRef:documentID="xmp.did:eb4776ba-28cb-9d4f-8b17-31f3174b358b"/>
           <xmpMM:History>
            <rdf:Seq>
             <rdf:li stEvt:action="created" stEvt:instanceID="xmp.iid:eb4776ba-28cb-9d4f-8b17-31f3174b358b" stEvt:when="2025-11-29T11:56:12+08:00" stEvt:softwareAgent="Adobe Photoshop 24.2 (Windows)"/>
             <rdf:li stEvt:action="saved" stEvt:instanceID="xmp.iid:04cbcef7-bf99-cd43-a97e-aea8cd7ffe32" stEvt:when="2025-11-29T11:59:21+08:00" stEvt:softwareAgent="Adobe Photoshop 24.2 (Windows)" stEvt:changed="/"/>
             <rdf:li stEvt:action="converted" stEvt:parameters="from image/png to image/tiff"/>
            </rdf:Seq>
           </xmpMM:History>
           <photoshop:DocumentAncestors>
            <rdf:Bag>
             <rdf:li>adobe:docid:photoshop:1b2c3d4e-0000-1111-2222-333344445555</rdf:li>
             <rdf:li>xmp.did:6f7a8b9c-aaaa-bbbb-cccc-ddddeeeeffff</rdf:li>
            </rdf:Bag>
           </photoshop:DocumentAncestors>
          </rdf:Description>
         </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """;

    public static readonly EditEvent[] PhotoshopHistory =
    [
        new("created", "2025-11-29T11:56:12+08:00", "Adobe Photoshop 24.2 (Windows)", null, null, "xmp.iid:eb4776ba-28cb-9d4f-8b17-31f3174b358b"),
        new("saved", "2025-11-29T11:59:21+08:00", "Adobe Photoshop 24.2 (Windows)", "/", null, "xmp.iid:04cbcef7-bf99-cd43-a97e-aea8cd7ffe32"),
        new("converted", null, null, null, "from image/png to image/tiff", null),
    ];

    [Fact]
    public void The_photoshop_packet_reads_completely()
    {
        var xmp = XmpReader.Read(PhotoshopPacket);
        Assert.Equal("adobe:docid:photoshop:5d0c2a4e-8b1f-2f4b-9f43-6c1e0b5a7d22", xmp.DocumentId);
        Assert.Equal("xmp.iid:04cbcef7-bf99-cd43-a97e-aea8cd7ffe32", xmp.InstanceId);
        Assert.Equal("xmp.did:eb4776ba-28cb-9d4f-8b17-31f3174b358b", xmp.OriginalDocumentId);
        Assert.Equal(("xmp.did:eb4776ba-28cb-9d4f-8b17-31f3174b358b", "xmp.iid:eb4776ba-28cb-9d4f-8b17-31f3174b358b"), (xmp.DerivedFromDocumentId, xmp.DerivedFromInstanceId));
        Assert.Equal(("Adobe Photoshop 24.2 (Windows)", "2025-11-29T11:56:12+08:00", "2025-11-29T11:59:21+08:00"), (xmp.CreatorTool, xmp.CreateDate, xmp.ModifyDate));
        Assert.Equal(["adobe:docid:photoshop:1b2c3d4e-0000-1111-2222-333344445555", "xmp.did:6f7a8b9c-aaaa-bbbb-cccc-ddddeeeeffff"], xmp.DocumentAncestors);
        Assert.Equal(PhotoshopHistory, xmp.History);
        Assert.Null(xmp.DigitalSourceType);
    }

    [Fact]
    public void Element_form_other_prefixes_and_rdf_resource_read_the_same()
    {
        const string packet = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
             <r:Description r:about="" xmlns:mm="http://ns.adobe.com/xap/1.0/mm/" xmlns:ev="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
                 xmlns:ref="http://ns.adobe.com/xap/1.0/sType/ResourceRef#" xmlns:ext="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
                 xmlns:tool="http://ns.adobe.com/xap/1.0/">
              <mm:DocumentID>xmp.did:1</mm:DocumentID>
              <tool:CreatorTool>GIMP 2.10</tool:CreatorTool>
              <ext:DigitalSourceType r:resource="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/>
              <mm:DerivedFrom r:parseType="Resource"><ref:documentID>xmp.did:0</ref:documentID><ref:instanceID>xmp.iid:0</ref:instanceID></mm:DerivedFrom>
              <mm:History><r:Seq>
               <r:li r:parseType="Resource"><ev:action>created</ev:action><ev:when>2024-03-01T10:00:00Z</ev:when></r:li>
               <r:li><r:Description ev:action="saved" ev:changed="/metadata"><ev:softwareAgent>GIMP 2.10</ev:softwareAgent></r:Description></r:li>
              </r:Seq></mm:History>
              <mm:Pantry><r:Bag><r:li><r:Description mm:InstanceID="xmp.iid:other-document"/></r:li></r:Bag></mm:Pantry>
             </r:Description>
            </r:RDF></x:xmpmeta>
            """;
        var xmp = XmpReader.Read(packet);
        Assert.Equal(("xmp.did:1", "GIMP 2.10", "trainedAlgorithmicMedia"), (xmp.DocumentId, xmp.CreatorTool, xmp.DigitalSourceType));
        Assert.Null(xmp.InstanceId); // the pantry's InstanceID belongs to another document
        Assert.Equal(("xmp.did:0", "xmp.iid:0"), (xmp.DerivedFromDocumentId, xmp.DerivedFromInstanceId));
        Assert.Equal(
            [new EditEvent("created", "2024-03-01T10:00:00Z", null, null, null, null), new EditEvent("saved", null, "GIMP 2.10", "/metadata", null, null)],
            xmp.History);
    }

    [Fact]
    public void A_source_type_as_attribute_or_element_text_is_normalised()
    {
        const string head = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">""";
        var attribute = XmpReader.Read(head + """<rdf:Description Iptc4xmpExt:DigitalSourceType="https://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"/></rdf:RDF>""");
        var element = XmpReader.Read(head + """<rdf:Description><Iptc4xmpExt:DigitalSourceType>compositeSynthetic</Iptc4xmpExt:DigitalSourceType></rdf:Description></rdf:RDF>""");
        Assert.Equal(("digitalCapture", "compositeSynthetic"), (attribute.DigitalSourceType, element.DigitalSourceType));
    }

    [Fact]
    public void Trailing_nul_padding_is_tolerated_and_an_empty_packet_reads_as_nothing()
    {
        var xmp = XmpReader.Read(PhotoshopPacket + "\0\0\0");
        Assert.Equal(3, xmp.History.Count);
        var empty = XmpReader.Read("""<x:xmpmeta xmlns:x="adobe:ns:meta/"/>""");
        Assert.Equal((null, 0, 0), (empty.DocumentId, empty.History.Count, empty.DocumentAncestors.Count));
    }

    [Fact]
    public void Language_alternatives_give_their_first_item_and_deep_nesting_is_refused_quickly()
    {
        const string head = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><rdf:Description>""";
        var alt = XmpReader.Read(head + """<xmp:CreatorTool><rdf:Alt><rdf:li xml:lang="x-default">Tool 1.0</rdf:li><rdf:li xml:lang="de">Werkzeug</rdf:li></rdf:Alt></xmp:CreatorTool></rdf:Description></rdf:RDF>""");
        Assert.Equal("Tool 1.0", alt.CreatorTool);
        var nesting = string.Concat(Enumerable.Repeat("<rdf:Alt><rdf:li>", 200_000)) + "x" + string.Concat(Enumerable.Repeat("</rdf:li></rdf:Alt>", 200_000));
        var e = Assert.Throws<MetadataFormatException>(() => XmpReader.Read(head + "<xmp:CreatorTool>" + nesting + "</xmp:CreatorTool></rdf:Description></rdf:RDF>"));
        Assert.Equal("XMP: elements nested deeper than 64 levels", e.Message);
    }

    [Fact]
    public void A_doctype_is_refused()
    {
        var e = Assert.Throws<MetadataFormatException>(() => XmpReader.Read("""<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"""));
        Assert.StartsWith("XMP: not well-formed XML", e.Message);
        Assert.Contains("DTD", e.Message);
    }

    [Fact]
    public void Billion_laughs_is_refused_before_any_expansion()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
        var bomb = $"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">{entities}]><lolz>&lol9;</lolz>";
        var e = Assert.Throws<MetadataFormatException>(() => XmpReader.Read(bomb));
        Assert.Contains("DTD", e.Message);
    }

    [Fact]
    public void Malformed_and_oversized_xml_is_a_format_error()
    {
        Assert.StartsWith("XMP: not well-formed XML", Assert.Throws<MetadataFormatException>(() => XmpReader.Read("<rdf:RDF><unclosed>")).Message);
        var huge = "<x>" + new string('a', ReadLimits.MaxTextBytes) + "</x>";
        Assert.StartsWith("XMP: not well-formed XML", Assert.Throws<MetadataFormatException>(() => XmpReader.Read(huge)).Message);
    }
}
