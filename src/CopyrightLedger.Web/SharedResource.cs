namespace CopyrightLedger.Web;

/// <summary>
/// Marker type for the shared UI strings in <c>Resources/SharedResource*.resx</c>, the one table of them
/// (docs/decisions/0012-resx-is-the-string-table.md). It sits in the root namespace so the resource name is <c>CopyrightLedger.Web.Resources.SharedResource</c>.
/// </summary>
public sealed class SharedResource;
