namespace CopyrightLedger.Web;

/// <summary>
/// Marker type for the shared UI strings in <c>Resources/SharedResource*.resx</c>, generated from
/// <c>tools/strings.tsv</c>. It sits in the root namespace so the resource name is <c>CopyrightLedger.Web.Resources.SharedResource</c>.
/// </summary>
public sealed class SharedResource;
