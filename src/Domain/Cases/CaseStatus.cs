namespace Atencion.Domain.Cases;

/// <summary>Where a case stands.</summary>
public enum CaseStatus
{
    /// <summary>Received, not yet typed as a PQRSD.</summary>
    Open,
    /// <summary>Typed (and filed, unless orientation): the legal term runs.</summary>
    InProgress,
    /// <summary>Waiting for the citizen to complete the petition; the term is suspended.</summary>
    AwaitingCompletion,
    /// <summary>The final answer was issued.</summary>
    Answered,
    /// <summary>Finished (answered, referred, withdrawn …).</summary>
    Closed,
}

/// <summary>Why a case was closed.</summary>
public enum CloseReason
{
    /// <summary>The citizen was answered.</summary>
    Answered,
    /// <summary>Referred to the competent entity.</summary>
    Referred,
    /// <summary>The citizen withdrew it.</summary>
    Withdrawn,
    /// <summary>Tacit withdrawal: the citizen did not complete the petition in time (art. 17).</summary>
    TacitWithdrawal,
    /// <summary>A duplicate of another case.</summary>
    Duplicate,
    /// <summary>The citizen abandoned the contact.</summary>
    Abandoned,
    /// <summary>Terminated for the citizen's conduct.</summary>
    Conduct,
}
