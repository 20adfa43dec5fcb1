namespace Atencion.Domain.Cases;

/// <summary>Where a case stands.</summary>
public enum CaseStatus
{
    /// <summary>Received, not yet answered.</summary>
    Open,
    /// <summary>Finished (answered, referred, withdrawn …).</summary>
    Closed,
}
