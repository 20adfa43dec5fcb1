namespace Atencion.Domain.Cases;

/// <summary>A satisfaction survey was offered for the case's attention.</summary>
/// <param name="SurveyId">The survey's id.</param>
/// <param name="Channel">The channel of the attention surveyed.</param>
/// <param name="StaffMember">Who attended (user id), if anyone.</param>
/// <param name="TokenHash">SHA-256 (hex) of the citizen's survey token; the token itself is never stored.</param>
/// <param name="ExpiresAt">When the token stops accepting answers (30 days).</param>
public sealed record SurveyRequested(Guid SurveyId, Channel Channel, string? StaffMember, string TokenHash, DateTimeOffset ExpiresAt) : ICaseEvent;

/// <summary>The citizen answered the survey (1–5 each: amabilidad, calidad, oportunidad, idoneidad).</summary>
/// <param name="SurveyId">The survey answered.</param>
/// <param name="Courtesy">Amabilidad, 1–5.</param>
/// <param name="Quality">Calidad, 1–5.</param>
/// <param name="Timeliness">Oportunidad, 1–5.</param>
/// <param name="Competence">Idoneidad, 1–5.</param>
/// <param name="NeedMet">Whether the citizen's need was met.</param>
/// <param name="Comment">A free comment, if any.</param>
public sealed record SurveyAnswered(Guid SurveyId, int Courtesy, int Quality, int Timeliness, int Competence, bool NeedMet, string? Comment) : ICaseEvent;
