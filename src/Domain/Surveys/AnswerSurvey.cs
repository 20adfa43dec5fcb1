using Atencion.Domain.Cases;
using Atencion.Domain.Common;

namespace Atencion.Domain.Surveys;

/// <summary>One question of the survey as the citizen reads it.</summary>
/// <param name="Field">The answer's field name.</param>
/// <param name="Text">The question, in Spanish.</param>
/// <param name="Kind">scale-1-5, yes-no or text.</param>
public sealed record SurveyQuestion(string Field, string Text, string Kind);

/// <summary>The citizen's answers (Tenjo's four attributes, whether the need was met, a comment).</summary>
/// <param name="SurveyId">The survey answered.</param>
/// <param name="Courtesy">Amabilidad, 1–5.</param>
/// <param name="Quality">Calidad, 1–5.</param>
/// <param name="Timeliness">Oportunidad, 1–5.</param>
/// <param name="Competence">Idoneidad, 1–5.</param>
/// <param name="NeedMet">Whether the need was met.</param>
/// <param name="Comment">Up to 1000 characters.</param>
public sealed record AnswerSurvey(Guid SurveyId, int? Courtesy, int? Quality, int? Timeliness, int? Competence, bool? NeedMet, string? Comment)
{
    /// <summary>The longest comment accepted.</summary>
    public const int MaxComment = 1000;

    /// <summary>The questions, in Spanish (amabilidad, calidad, oportunidad, idoneidad: the Tenjo protocol; FOR-DIC-07).</summary>
    public static readonly IReadOnlyList<SurveyQuestion> Questions =
    [
        new("courtesy", "¿Cómo califica la amabilidad con la que fue atendido? (1 muy mala, 5 excelente)", "scale-1-5"),
        new("quality", "¿Cómo califica la calidad de la información o la respuesta recibida?", "scale-1-5"),
        new("timeliness", "¿Cómo califica la oportunidad (el tiempo) con que fue atendido?", "scale-1-5"),
        new("competence", "¿Cómo califica la idoneidad (el conocimiento) de quien lo atendió?", "scale-1-5"),
        new("needMet", "¿Fue atendida su necesidad?", "yes-no"),
        new("comment", "Comentarios o sugerencias (opcional, hasta 1000 caracteres)", "text"),
    ];

    /// <summary>Checks every answer and decides the event, or throws <see cref="ValidationFailed"/> listing each bad field.</summary>
    public SurveyAnswered Decide()
    {
        var v = new Validator();
        Scale(v, "courtesy", Courtesy);
        Scale(v, "quality", Quality);
        Scale(v, "timeliness", Timeliness);
        Scale(v, "competence", Competence);
        if (NeedMet is null) v.Add("needMet", "is required: true or false.");
        v.Optional("comment", Comment, MaxComment);
        v.ThrowIfAny();
        return new SurveyAnswered(SurveyId, Courtesy!.Value, Quality!.Value, Timeliness!.Value, Competence!.Value, NeedMet!.Value,
            string.IsNullOrWhiteSpace(Comment) ? null : Comment.Trim());
    }

    private static void Scale(Validator v, string field, int? value)
    {
        if (value is null) v.Add(field, "is required: 1 to 5.");
        else if (value is < 1 or > 5) v.Add(field, $"must be from 1 to 5 (it is {value}).");
    }
}
