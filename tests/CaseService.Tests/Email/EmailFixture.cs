
namespace Atencion.CaseService.Tests.Email;

/// <summary>The service configured to send over SMTP to a <see cref="LoopbackSmtpServer"/> that the fixture starts first.</summary>
public class EmailFixture : ServiceFixture
{
    public const string ReplyMailbox = "respuestas@atencion.test";
    public const string From = "Atención al ciudadano <no-responder@atencion.test>";

    public LoopbackSmtpServer Smtp { get; }

    public EmailFixture() : this(LoopbackSmtpServer.StartNew(), new Dictionary<string, string>()) { }

    /// <summary>The fixture with further settings for every host.</summary>
    protected EmailFixture(IReadOnlyDictionary<string, string> settings) : this(LoopbackSmtpServer.StartNew(), settings) { }

    private EmailFixture(LoopbackSmtpServer smtp, IReadOnlyDictionary<string, string> settings) : base(new Dictionary<string, string>(settings)
    {
        ["Email:Enabled"] = "true",
        ["Email:Transport"] = "smtp",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtp.Port.ToString(),
        ["Email:Smtp:Tls"] = "none",
        ["Email:Smtp:TimeoutSeconds"] = "10",
        ["Email:From"] = From,
        ["Email:ReplyMailbox"] = ReplyMailbox,
        // Wolverine retries on the real clock: the schedule's shape with waits short enough for a test.
        ["Email:RetryDelaysSeconds"] = RetryDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Messaging:ScheduledPollingSeconds"] = "0.1",
        // Several nodes on one database (the two-node and crash tests).
        ["Messaging:Mode"] = "balanced",
    }) => Smtp = smtp;

    /// <summary>The wait between attempts in these tests.</summary>
    public const double RetryDelaySeconds = 0.2;

    public override async Task DisposeAsync()
    {
        await Smtp.DisposeAsync();
        await base.DisposeAsync();
    }
}
