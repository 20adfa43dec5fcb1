namespace Atencion.CaseService.Auth;

/// <summary>The staff roles a token may carry, and the policies built from them.</summary>
public static class Roles
{
    public const string Advisor = "advisor";
    public const string Specialist = "specialist";
    public const string Supervisor = "supervisor";
    public const string Auditor = "auditor";
    public const string Control = "control";
    public const string Admin = "admin";

    /// <summary>The platform's operator: runs the service for every entity (projection state and rebuilds); no entity's data.</summary>
    public const string Operator = "operator";

    /// <summary>A citizen's chat token: scoped to one case of one tenant, refused by every staff policy.</summary>
    public const string Citizen = "citizen";

    /// <summary>Every staff role a token may carry.</summary>
    public static readonly string[] All = [Advisor, Specialist, Supervisor, Auditor, Control, Admin, Operator];

    /// <summary>Policy: staff who work cases (register contacts, add notes).</summary>
    public const string WorksCases = "works-cases";

    /// <summary>Policy: who may read a case (its workers and auditors).</summary>
    public const string ReadsCases = "reads-cases";

    /// <summary>Policy: who may read a case's full history.</summary>
    public const string ReadsHistory = "reads-history";

    /// <summary>Policy: who may check integrity.</summary>
    public const string Audits = "audits";

    /// <summary>Policy: who may extend legal terms.</summary>
    public const string DecidesTerms = "decides-terms";

    /// <summary>Policy: supervisors (reopen, staff overview).</summary>
    public const string Supervises = "supervises";

    /// <summary>Policy: who marks their presence for chats and automatic assignment.</summary>
    public const string TakesCases = "takes-cases";

    /// <summary>Policy: who sees the staff's load and presence.</summary>
    public const string SeesStaff = "sees-staff";

    /// <summary>Policy: the entity's administrators.</summary>
    public const string Administers = "administers";

    /// <summary>Policy: operations across entities (the projection daemon's admin API). An entity's admin is not enough: a rebuild affects every entity.</summary>
    public const string OperatesPlatform = "operates-platform";

    /// <summary>Policy: who reads indicators and reports (control entities, supervisors, auditors).</summary>
    public const string ReadsIndicators = "reads-indicators";

    /// <summary>Policy: who takes part in a chat (staff who work cases, and the citizen with the chat token of that case).</summary>
    public const string InChat = "in-chat";

    /// <summary>The roles of each policy.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Policies = new Dictionary<string, string[]>
    {
        [WorksCases] = [Advisor, Specialist, Supervisor],
        [ReadsCases] = [Advisor, Specialist, Supervisor, Auditor, Admin],
        [ReadsHistory] = [Auditor, Supervisor],
        [Audits] = [Auditor],
        [Administers] = [Admin],
        [DecidesTerms] = [Specialist, Supervisor],
        [Supervises] = [Supervisor],
        [TakesCases] = [Advisor, Specialist, Supervisor],
        [SeesStaff] = [Supervisor, Admin],
        [InChat] = [Advisor, Specialist, Supervisor, Citizen],
        [ReadsIndicators] = [Control, Supervisor, Auditor],
        [OperatesPlatform] = [Operator],
    };
}
