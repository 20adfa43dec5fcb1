using Atencion.Domain.Cases;
using Atencion.Domain.Common;

namespace Atencion.Domain.Attention;

/// <summary>Not the entity's competence: at the phone or the desk the citizen was oriented to the competent entity (Itagüí PAU-02).</summary>
/// <param name="Entity">The entity (or office) the citizen was sent to.</param>
/// <param name="Note">What the citizen was told, if recorded.</param>
public sealed record CitizenOriented(string Entity, string? Note) : ICaseEvent;

/// <summary>The outcome of a phone or in-person attention: the entity's competence (then the Itagüí citizen data are required) or an orientation elsewhere.</summary>
/// <param name="Competent">Whether the matter is the entity's competence; null when staff did not say.</param>
/// <param name="OrientedTo">The competent entity the citizen was sent to, when it is not.</param>
/// <param name="Note">What the citizen was told.</param>
public sealed record AttentionOutcome(bool? Competent, string? OrientedTo, string? Note)
{
    /// <summary>The longest entity name accepted.</summary>
    public const int MaxEntity = 200;

    /// <summary>The longest orientation note accepted.</summary>
    public const int MaxNote = 2_000;

    /// <summary>Whether the request said anything about competence or orientation.</summary>
    public bool Given => Competent is not null || OrientedTo is not null || Note is not null;

    /// <summary>Checks the outcome against the channel and the citizen, reporting field paths into <paramref name="v"/>.</summary>
    /// <param name="v">Collects the field errors.</param>
    /// <param name="channel">The contact's channel.</param>
    /// <param name="citizen">The citizen as given.</param>
    /// <param name="required">Whether the entity requires the outcome of every phone and in-person contact (<c>requireAttentionOutcome</c>).</param>
    public void Validate(Validator v, Channel channel, Citizen? citizen, bool required = false)
    {
        if (!Given)
        {
            if (required && channel is Channel.Phone or Channel.InPerson)
                v.Add("competent", "is required at this entity for phone and in-person contacts: true when the matter is its competence (with the citizen's data), false with the orientation given.");
            return;
        }
        if (channel is not (Channel.Phone or Channel.InPerson))
        {
            v.Add("competent", "applies only to phone and in-person attention.");
            return;
        }
        if (Competent == true)
        {
            if (OrientedTo is not null) v.Add("orientation.entity", "is only for matters that are not the entity's competence (competent: false).");
            // The Itagüí procedure: "si es de nuestra competencia se solicitan todos los datos del usuario".
            if (citizen?.IdType is null) v.Add("citizen.idType", "is required when the matter is the entity's competence.");
            Require(v, "citizen.idNumber", citizen?.IdNumber);
            Require(v, "citizen.name", citizen?.Name);
            Require(v, "citizen.address", citizen?.Address);
            Require(v, "citizen.municipality", citizen?.Municipality);
            Require(v, "citizen.neighbourhood", citizen?.Neighbourhood);
        }
        else
        {
            v.Required("orientation.entity", OrientedTo, MaxEntity);
            if (Competent is null) v.Add("competent", "is required with an orientation: false when the citizen was sent to another entity.");
        }
        v.Optional("orientation.note", Note, MaxNote);
    }

    /// <summary>The events the outcome adds to the opening: when the matter is not the entity's competence, the orientation, which ends the attention.</summary>
    public IReadOnlyList<ICaseEvent> Decide()
    {
        if (Competent != false) return [];
        var entity = OrientedTo!.Trim();
        return [new CitizenOriented(entity, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim()), new CaseClosed(CloseReason.Answered, $"Orientado a {entity}.")];
    }

    private static void Require(Validator v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) v.Add(field, "is required when the matter is the entity's competence.");
    }
}
