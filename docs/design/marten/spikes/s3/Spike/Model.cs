using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Spike;

// Plain event records (type names are mapped explicitly in StoreSetup).
public record CaseOpened(string Subject, string Channel);
public record NoteAdded(string Text);
public record CaseClosed(string Reason);

// Inline single-stream projection: a document per case.
public class CaseView
{
    public Guid Id { get; set; }
    public string Subject { get; set; } = "";
    public int Notes { get; set; }
    public bool Closed { get; set; }
    public long Version { get; set; }
}

public partial class CaseViewProjection : SingleStreamProjection<CaseView, Guid>
{
    public CaseView Create(CaseOpened e) => new() { Subject = e.Subject };
    public void Apply(NoteAdded e, CaseView v) => v.Notes++;
    public void Apply(CaseClosed e, CaseView v) => v.Closed = true;
}

// Async single-stream projection run by the daemon.
public class CaseStats
{
    public Guid Id { get; set; }
    public int Events { get; set; }
    public string? LastNote { get; set; }
}

public partial class CaseStatsProjection : SingleStreamProjection<CaseStats, Guid>
{
    public CaseStats Create(CaseOpened e) => new() { Events = 1 };
    public void Apply(NoteAdded e, CaseStats s) { s.Events++; s.LastNote = e.Text; }
    public void Apply(CaseClosed e, CaseStats s) => s.Events++;
}
