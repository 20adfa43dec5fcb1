using Wolverine;
using Wolverine.Marten;

namespace Atencion.CaseService.Cases;

/// <summary>How Wolverine runs case commands: their handlers, in process, each in a Marten session it saves and commits.</summary>
public static class CaseMessaging
{
    /// <summary>Adds the case command handlers; Wolverine wraps each in Marten's transaction (<c>AutoApplyTransactions</c>).</summary>
    public static void Configure(WolverineOptions opts)
    {
        opts.Discovery.IncludeType(typeof(DecideCaseHandler));
        opts.Discovery.IncludeType(typeof(StartCaseHandler));
        opts.Policies.AutoApplyTransactions();
    }
}
