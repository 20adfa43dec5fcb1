using System.Net.Http.Json;

namespace Atencion.CaseService.Tests.Scenarios;

/// <summary>TEMPORARY while the tests move to scenarios: HttpClient calls as a caller. Deleted when the last use is gone.</summary>
public static class LegacyHttp
{
    private static HttpClient Http(Caller c)
    {
        var client = c.Host.Server.CreateClient();
        if (c.Token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", c.Token);
        if (c.Language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(c.Language);
        return client;
    }

    public static Task<HttpResponseMessage> GetAsync(this Caller c, string url) => Http(c).GetAsync(url);
    public static Task<HttpResponseMessage> DeleteAsync(this Caller c, string url) => Http(c).DeleteAsync(url);
    public static Task<HttpResponseMessage> PostAsync(this Caller c, string url, HttpContent? content) => Http(c).PostAsync(url, content);
    public static Task<HttpResponseMessage> PutAsync(this Caller c, string url, HttpContent? content) => Http(c).PutAsync(url, content);
    public static Task<HttpResponseMessage> SendAsync(this Caller c, HttpRequestMessage request) => Http(c).SendAsync(request);
    public static Task<HttpResponseMessage> PostAsJsonAsync<T>(this Caller c, string url, T body) => Http(c).PostAsJsonAsync(url, body);
    public static Task<HttpResponseMessage> PutAsJsonAsync<T>(this Caller c, string url, T body) => Http(c).PutAsJsonAsync(url, body);
    public static Task<HttpResponseMessage> PatchAsJsonAsync<T>(this Caller c, string url, T body) => Http(c).PatchAsJsonAsync(url, body);
}
