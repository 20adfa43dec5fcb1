namespace Atencion.Domain.Calendar;

/// <summary>The kind of a citizen request (PQRSD), which decides its legal response term.</summary>
public enum PqrsdType
{
    /// <summary>A petition in general interest or particular interest (petición).</summary>
    Petition,

    /// <summary>A request for documents or information (solicitud de información).</summary>
    InformationRequest,

    /// <summary>A consultation about matters within the entity's remit (consulta).</summary>
    Consultation,

    /// <summary>A complaint about a public servant's conduct (queja).</summary>
    Complaint,

    /// <summary>A claim about a deficient or missing service (reclamo).</summary>
    Claim,

    /// <summary>A report of an irregular act (denuncia).</summary>
    Report,

    /// <summary>A suggestion to improve a service (sugerencia).</summary>
    Suggestion,

    /// <summary>A compliment for a service or a servant (felicitación).</summary>
    Compliment,

    /// <summary>A personal-data query under habeas data, Ley 1581 de 2012 (consulta de datos personales).</summary>
    DataQuery,

    /// <summary>A personal-data claim under habeas data, Ley 1581 de 2012 (reclamo de datos personales).</summary>
    DataClaim,

    /// <summary>Guidance given on the spot, which has no legal response term (orientación).</summary>
    Orientation,
}
