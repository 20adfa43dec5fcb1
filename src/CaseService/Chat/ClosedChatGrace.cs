using Atencion.CaseService.Http;
using Atencion.Projections.Cases;

namespace Atencion.CaseService.Chat;

/// <summary>
/// How long a citizen's chat token keeps opening its chat after the chat closed: long enough for the widget's last render
/// (the closing script, the survey link), then the token is refused (401) on every chat route and on the hub, although it
/// has not expired.
/// </summary>
public sealed class ClosedChatGrace(IConfiguration config, TimeProvider time)
{
    /// <summary>The default grace: ten minutes (configured as <c>Chat:ClosedChatGraceMinutes</c>).</summary>
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(10);

    /// <summary>The grace period in force.</summary>
    public TimeSpan Period { get; } = config.GetValue<double?>("Chat:ClosedChatGraceMinutes") is { } minutes && minutes >= 0
        ? TimeSpan.FromMinutes(minutes)
        : Default;

    /// <summary>Why a citizen may no longer open this chat with its token, or null while they may.</summary>
    public string? Refusal(ChatView? chat)
    {
        if (chat is not { Status: Domain.Chat.ChatStatus.Closed }) return null;
        // A view folded before ClosedAt was recorded has none: its chat closed before this rule existed, long ago.
        if (chat.ClosedAt is { } at && time.GetUtcNow() - at <= Period) return null;
        return $"This chat ended{(chat.ClosedAt is { } closed ? $" at {closed:O}" : "")}; its token opened it for {Period.TotalMinutes:0.#} minutes after that. " +
               "The answer to an open question arrives by email.";
    }

    /// <summary>The filter on the chat's routes: refuses a citizen's token once its closed chat's grace has passed.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (ChatTokens.IsCitizen(http.User) && http.Request.RouteValues["caseId"] is string raw && Guid.TryParse(raw, out var caseId))
        {
            var views = http.RequestServices.GetRequiredService<CaseViews>();
            var grace = http.RequestServices.GetRequiredService<ClosedChatGrace>();
            var view = await views.GetAsync(TenantFilter.TenantOf(http), caseId, http.RequestAborted);
            if (grace.Refusal(view?.Chat) is { } refusal)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The chat has ended\"";
                return TypedResults.Problem(refusal, statusCode: StatusCodes.Status401Unauthorized, title: "The chat has ended.");
            }
        }
        return await next(context);
    }
}
