using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;

namespace Atencion.Domain.Tests.Cases.Lifecycle;

/// <summary>Builds case states by applying decided events, as the service does, with a clock in Bogotá.</summary>
internal static class CaseScenario
{
    public static readonly TimeZoneInfo Bogota = EntityTimeZone.Default;

    /// <summary>An instant at a local date and time in Bogotá.</summary>
    public static DateTimeOffset At(int y, int m, int d, int hour = 10) => EntityTimeZone.Instant(new DateOnly(y, m, d), new TimeOnly(hour, 0), Bogota);

    public static CaseClock Clock(DateTimeOffset now, IReadOnlyDictionary<PqrsdType, int>? overrides = null) =>
        new(now, Bogota, BusinessCalendar.National, overrides ?? new Dictionary<PqrsdType, int>());

    public static Case Opened(DateTimeOffset receivedAt) =>
        Case.Create(new CaseOpened(Guid.NewGuid(), Channel.Phone, "Asunto", "Texto", receivedAt));

    public static Case Then(this Case c, IEnumerable<ICaseEvent> events, DateTimeOffset at) => events.Aggregate(c, (s, e) => s.Apply(e, at));

    /// <summary>Received and classified (and, for filing types, filed) on the given instant.</summary>
    public static Case Filed(DateTimeOffset receivedAt, PqrsdType type = PqrsdType.Petition)
    {
        var c = Opened(receivedAt).Then(new Classify(type, null, false).Decide(Opened(receivedAt), Clock(receivedAt)), receivedAt);
        return type == PqrsdType.Orientation ? c : c.Then([new CaseFiled("2026-000001", 2026, 1, "hash")], receivedAt);
    }
}
