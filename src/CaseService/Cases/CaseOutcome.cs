using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Atencion.EventStore.Marten.Store;

namespace Atencion.CaseService.Cases;

/// <summary>
/// What a case command's handler answers: the decision, and the append it committed, readable once Wolverine has saved the
/// handler's session (Wolverine's <c>InvokeAsync</c> returns after that).
/// </summary>
public sealed class CaseOutcome
{
    private readonly SessionAppends? _appends;
    private readonly TenantId _tenant;
    private readonly Guid _caseId;
    private readonly long _version;

    private CaseOutcome(Decision decision, SessionAppends? appends, TenantId tenant, Guid caseId, long version)
    {
        Decision = decision;
        _appends = appends;
        _tenant = tenant;
        _caseId = caseId;
        _version = version;
    }

    /// <summary>An outcome that appended through the session's appends.</summary>
    public static CaseOutcome Appended(Decision decision, SessionAppends appends, TenantId tenant, Guid caseId) => new(decision, appends, tenant, caseId, 0);

    /// <summary>An outcome that decided nothing to append; the case stays at <paramref name="version"/>.</summary>
    public static CaseOutcome Unchanged(Decision decision, long version) => new(decision, null, default, Guid.Empty, version);

    /// <summary>The decision.</summary>
    public Decision Decision { get; }

    /// <summary>The case's new version and the recorded events (none when the decision appended nothing).</summary>
    public AppendResult Result => _appends is null ? new AppendResult(_version, []) : _appends.ResultOf(_tenant, _caseId);
}
