namespace CopyrightLedger.Core;

/// <summary>A rule of the domain was broken; the message is fit to show to the person who asked.</summary>
public sealed class DomainException(string message) : Exception(message);
