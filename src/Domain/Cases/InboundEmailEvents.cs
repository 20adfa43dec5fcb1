namespace Atencion.Domain.Cases;

/// <summary>An email from the citizen reached the entity's inbound mailbox: a reply threaded into this case, or the email that opened it.</summary>
/// <param name="MessageId">The email's Message-ID (without angle brackets); the same one is stored once per entity.</param>
/// <param name="From">The sender's address.</param>
/// <param name="FromName">The sender's display name, when the From header had one.</param>
/// <param name="To">The To and Cc addresses, as received.</param>
/// <param name="Subject">The subject (may be empty).</param>
/// <param name="Text">The plain-text body (may be empty).</param>
/// <param name="Html">The HTML body as received: kept for auditors, never rendered by the API.</param>
/// <param name="InReplyTo">The In-Reply-To header, when present.</param>
/// <param name="Attachments">The documents attached with it (each a <see cref="DocumentAttached"/> in the same append).</param>
public sealed record EmailReceived(
    string MessageId, string From, string? FromName, IReadOnlyList<string> To, string Subject, string Text, string? Html,
    string? InReplyTo, IReadOnlyList<Guid> Attachments) : ICaseEvent;
