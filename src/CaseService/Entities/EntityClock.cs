using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Projections.Entities;

namespace Atencion.CaseService.Entities;

/// <summary>The legal clock of an entity: now, its zone, its business days (national holidays and its own), its shorter terms.</summary>
public static class EntityClock
{
    public static CaseClock For(Entity entity, TimeProvider time)
    {
        var s = entity.Settings;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZone, out var z) ? z : EntityTimeZone.Default;
        return new CaseClock(time.GetUtcNow(), zone, new BusinessCalendar(s.LocalNonWorkingDays ?? []), s.TermOverrides ?? new Dictionary<PqrsdType, int>());
    }
}
