using Atencion.CaseService.Auth;
using Atencion.CaseService.Indicators;
using Atencion.Projections.Indicators;
using Atencion.Projections.Contacts;
using Atencion.Projections.Reports;

namespace Atencion.CaseService.Reports;

public static class ReportRoutes
{
    /// <summary>Maps <c>indicators</c>, <c>reports/…</c>, <c>audit/cases</c> and <c>audit/checkpoint</c> under <c>/api/{tenant}</c>.</summary>
    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        api.MapGet("/indicators", IndicatorsEndpoint.Handle).RequireAuthorization(Roles.ReadsIndicators).WithTags("Indicators")
            .WithSummary("Indicators over from..to (yyyy-MM-dd, inclusive): timeliness, response time (average, P90) by type, satisfaction, chat service level, in-person service level (kiosk turns: waiting and service times, share called within the target wait), calidad en la respuesta de las PQRSD (survey calidad 4 or more, mean), referrals, breaches, extensions, open overdue now.")
            .ProducesValidationProblem();

        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Roles.ReadsIndicators);
        reports.MapGet("/pqrsd", ReportsEndpoints.Pqrsd)
            .WithSummary("PQRSD statistics of a month (?month=YYYY-MM): received, answered, on time, overdue, referred, extended, withdrawn; by type, channel, topic. JSON, or CSV with Accept: text/csv.")
            .Produces<PqrsdMonthReport>(200, "application/json", "text/csv").ProducesValidationProblem().ProducesProblem(406);
        reports.MapGet("/quarterly", ReportsEndpoints.Quarterly)
            .WithSummary("The quarterly report (?quarter=YYYY-Qn): the quarter's statistics, each month's totals and the quarter's indicators. JSON, or CSV with Accept: text/csv (the statistics table, an empty line, then every indicator as period,indicator,value).")
            .Produces<QuarterlyReport>(200, "application/json", "text/csv").ProducesValidationProblem().ProducesProblem(406);
        reports.MapGet("/access-to-information", ReportsEndpoints.AccessToInformation)
            .WithSummary("Ley 1712 de 2014: information requests received from..to, referred, answered (with the time of each) and denied. JSON, or CSV with Accept: text/csv (the totals, an empty line, then one row per request).")
            .Produces<AccessToInformationReport>(200, "application/json", "text/csv").ProducesValidationProblem().ProducesProblem(406);
        reports.MapGet("/contacts", ReportsEndpoints.Contacts)
            .WithSummary("The contact register (FOR-DIC-04) from..to (at most 366 days): one row per contact (a case's opening, each later email from the citizen) with date, channel, kind, citizen, topic, who attended, outcome. JSON paged (page, pageSize 1–5000, default 1000) with the total; CSV with Accept: text/csv has every row.")
            .Produces<ContactsReport>(200, "application/json", "text/csv").ProducesValidationProblem().ProducesProblem(406);

        api.MapGet("/audit/cases", Audit.AuditCasesEndpoint.Handle).RequireAuthorization(Roles.Audits).WithTags("Audit")
            .WithSummary($"Cases opened from..to with their event counts and integrity, verified on read; paged (pageSize at most {Audit.AuditCasesEndpoint.MaxPageSize}) (auditor).")
            .ProducesValidationProblem();
        api.MapGet("/audit/checkpoint", Audit.CheckpointEndpoints.Take).RequireAuthorization(Roles.Audits).WithTags("Audit")
            .WithSummary("Every stream head of the entity now (id, type, version, hash) under the service's MAC: keep it, and present it later to audit/checkpoint/verify to prove no stream went back (auditor).");
        api.MapPost("/audit/checkpoint/verify", Audit.CheckpointEndpoints.Verify).RequireAuthorization(Roles.Audits).WithTags("Audit")
            .WithSummary("Compare the store with a checkpoint taken earlier: each stream it lists must still hold the recorded hash at the recorded version, at or below its head; 400 when the checkpoint's MAC does not verify (auditor).")
            .ProducesValidationProblem();
        return api;
    }
}
