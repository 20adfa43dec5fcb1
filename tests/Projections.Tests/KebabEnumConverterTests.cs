using System.Text.Json;
using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;

namespace Atencion.Projections.Tests;

public class KebabEnumConverterTests
{
    private static readonly JsonSerializerOptions Json = AtencionJson.Create();

    private static string Write<T>(T value) => JsonSerializer.Serialize(value, Json);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json)!;

    [Theory]
    [InlineData(Channel.Phone, "phone")]
    [InlineData(Channel.InPerson, "in-person")]
    [InlineData(Channel.Email, "email")]
    [InlineData(Channel.Web, "web")]
    [InlineData(Channel.Chat, "chat")]
    public void Channels_are_written_in_kebab_case(Channel channel, string wire)
    {
        Assert.Equal($"\"{wire}\"", Write(channel));
        Assert.Equal(channel, Read<Channel>($"\"{wire}\""));
    }

    [Theory]
    [InlineData(PqrsdType.InformationRequest, "information-request")]
    [InlineData(PqrsdType.DataQuery, "data-query")]
    [InlineData(PqrsdType.DataClaim, "data-claim")]
    [InlineData(PqrsdType.Petition, "petition")]
    public void Request_types_of_several_words_are_hyphenated(PqrsdType type, string wire)
    {
        Assert.Equal($"\"{wire}\"", Write(type));
    }

    [Theory]
    [InlineData(IdType.Cc, "cc")]
    [InlineData(IdType.Nit, "nit")]
    [InlineData(IdType.Passport, "passport")]
    [InlineData(IdType.Ppt, "ppt")]
    public void Id_types_are_lower_case(IdType type, string wire)
    {
        Assert.Equal($"\"{wire}\"", Write(type));
    }

    [Fact]
    public void Every_value_of_every_enum_of_the_api_survives_a_round_trip_as_a_distinct_lower_case_string()
    {
        RoundTrip<Channel>();
        RoundTrip<CaseStatus>();
        RoundTrip<IdType>();
        RoundTrip<PqrsdType>();

        static void RoundTrip<T>() where T : struct, Enum
        {
            var wires = new HashSet<string>();
            foreach (var value in Enum.GetValues<T>())
            {
                var json = Write(value);
                var wire = JsonSerializer.Deserialize<string>(json)!;
                Assert.Matches("^[a-z]+(-[a-z]+)*$", wire);
                Assert.True(wires.Add(wire), $"{typeof(T).Name}.{value} is written as '{wire}', like another value");
                Assert.Equal(value, Read<T>(json));
            }
        }
    }

    [Fact]
    public void Enum_dictionary_keys_are_written_and_read_in_kebab_case()
    {
        var terms = new Dictionary<PqrsdType, int> { [PqrsdType.InformationRequest] = 8, [PqrsdType.Petition] = 12 };

        var json = Write(terms);

        Assert.Equal("""{"information-request":8,"petition":12}""", json);
        Assert.Equal(terms, Read<Dictionary<PqrsdType, int>>(json));
    }

    [Fact]
    public void An_unknown_value_is_refused_listing_the_allowed_ones()
    {
        var e = Assert.Throws<JsonException>(() => Read<Channel>("\"fax\""));

        Assert.StartsWith("'fax' is not one of the allowed values: phone, in-person, email, web, chat.", e.Message);
    }

    [Fact]
    public void An_unknown_dictionary_key_is_refused_listing_the_allowed_ones()
    {
        var e = Assert.Throws<JsonException>(() => Read<Dictionary<PqrsdType, int>>("""{"tutela":5}"""));

        Assert.Contains("'tutela' is not one of the allowed values: petition, information-request,", e.Message);
    }

    [Theory]
    [InlineData("InPerson")]
    [InlineData("in_person")]
    [InlineData("PHONE")]
    [InlineData("")]
    public void Other_spellings_are_refused(string spelling)
    {
        Assert.Throws<JsonException>(() => Read<Channel>($"\"{spelling}\""));
    }

    [Theory]
    [InlineData("1", "number")]
    [InlineData("0", "number")]
    [InlineData("true", "true")]
    [InlineData("{}", "startobject")]
    public void Numbers_and_other_tokens_are_refused(string json, string named)
    {
        var e = Assert.Throws<JsonException>(() => Read<Channel>(json));

        Assert.StartsWith($"{named} is not one of the allowed values: phone,", e.Message);
    }

    [Fact]
    public void An_absent_optional_enum_is_null_both_ways()
    {
        var citizen = new Citizen("Luz", null, null, null, null);

        var json = Write(citizen);

        Assert.Contains("\"idType\":null", json);
        Assert.Equal(citizen, Read<Citizen>(json));
        Assert.Equal(IdType.Ce, Read<Citizen>("""{"idType":"ce","idNumber":"E-123"}""").IdType);
    }

    [Fact]
    public void Stored_events_use_the_same_convention()
    {
        var types = EventCatalog.Create();
        var opened = new CaseOpened(Guid.NewGuid(), Channel.InPerson, "Carta", "Radicada en ventanilla", DateTimeOffset.UnixEpoch);

        var json = types.Serialize(opened);

        Assert.Contains("\"channel\":\"in-person\"", json);
        Assert.Equal(opened, types.Deserialize("CaseOpened", json));
    }
}
