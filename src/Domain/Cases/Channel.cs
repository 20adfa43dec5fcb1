namespace Atencion.Domain.Cases;

/// <summary>How a citizen reached the entity.</summary>
public enum Channel
{
    /// <summary>A phone call.</summary>
    Phone,
    /// <summary>At the entity's offices.</summary>
    InPerson,
    /// <summary>An email.</summary>
    Email,
    /// <summary>The PQRSD web form.</summary>
    Web,
    /// <summary>The web chat.</summary>
    Chat,
}
