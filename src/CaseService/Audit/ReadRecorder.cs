using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.Domain.Audit;
using Atencion.EventStore;

namespace Atencion.CaseService.Audit;

/// <summary>
/// Records every successful read by an auditor or a control entity as a <see cref="ReadRecorded"/> event in the reader's
/// append-only access log (one stream per tenant, user and local day), before the answer leaves: who read what, when, and
/// under which correlation id. A read that cannot be recorded fails rather than going unrecorded.
/// </summary>
public sealed class ReadRecorder(MartenEventStore store, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var role = http.User.FindFirst("role")?.Value;
        if (!HttpMethods.IsGet(http.Request.Method) || role is null || !AccessLog.RecordedRoles.Contains(role)) return result;
        var status = result is IStatusCodeHttpResult { StatusCode: { } s } ? s : StatusCodes.Status200OK;
        if (status is < 200 or > 299) return result;

        var user = http.User.FindFirst("sub")?.Value ?? "anonymous";
        var tenant = TenantFilter.TenantOf(http);
        var day = EntityClock.For(TenantFilter.EntityOf(http), time).Today;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
        Guid? caseId = http.GetRouteValue("id") is string id && Guid.TryParse(id, out var g) ? g : null;
        await store.AppendAsync(tenant, AccessLog.StreamId(tenant.Value, user, day), AccessLog.StreamType, ExpectedVersion.Any,
            [new ReadRecorded(route, $"{http.Request.Path}{http.Request.QueryString}", caseId, status)],
            Actor.Metadata(http, "api"), ct: http.RequestAborted);
        return result;
    }
}
