namespace Atencion.Domain.Cases;

/// <summary>Marks the events of a case stream.</summary>
public interface ICaseEvent;

/// <summary>The first contact, on any channel, opened a case.</summary>
/// <param name="CaseId">The case (and its stream) id.</param>
/// <param name="Channel">How the citizen reached the entity.</param>
/// <param name="Subject">A short subject.</param>
/// <param name="Text">What the citizen asked or said.</param>
/// <param name="ReceivedAt">When the contact was received (may be earlier than recording, e.g. a letter).</param>
public sealed record CaseOpened(Guid CaseId, Channel Channel, string Subject, string Text, DateTimeOffset ReceivedAt) : ICaseEvent;

/// <summary>The citizen gave (or corrected) who they are.</summary>
/// <param name="Citizen">The citizen's data as given.</param>
public sealed record CitizenIdentified(Citizen Citizen) : ICaseEvent;

/// <summary>Staff added an internal note to the case.</summary>
/// <param name="NoteId">The note's id.</param>
/// <param name="Text">The note.</param>
public sealed record NoteAdded(Guid NoteId, string Text) : ICaseEvent;
