namespace Atencion.CaseService.Tests.Chat;

/// <summary>Chat test classes that must not run at the same time (a load test beside latency checks).</summary>
[CollectionDefinition(Name)]
public sealed class ChatCollection
{
    public const string Name = "chat";
}
