using System.Net;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Identity;

public sealed class DiscoveryTests : ApiCloudTest
{
    [Theory]
    [InlineData("/identity")]
    [InlineData("/identity/")]
    public async Task The_identity_root_answers_300_with_v3_14(string path)
    {
        var response = await Cloud.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.MultipleChoices, response.StatusCode);
        var v3 = (await response.BodyAsync())["versions"]!["values"]!.AsArray().Single()!;
        Assert.Equal("v3.14", (string?)v3["id"]);
        Assert.Equal("stable", (string?)v3["status"]);
        Assert.Equal("http://kumo.test/identity/v3/", (string?)v3["links"]![0]!["href"]);
        Assert.Equal("self", (string?)v3["links"]![0]!["rel"]);
    }

    [Theory]
    [InlineData("/identity/v3")]
    [InlineData("/identity/v3/")]
    public async Task The_v3_document_describes_itself_with_media_types(string path)
    {
        var response = await Cloud.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = (await response.BodyAsync())["version"]!;
        Assert.Equal("v3.14", (string?)version["id"]);
        Assert.NotNull((string?)version["updated"]);
        Assert.Equal("application/vnd.openstack.identity-v3+json", (string?)version["media-types"]![0]!["type"]);
        Assert.Equal("application/json", (string?)version["media-types"]![0]!["base"]);
    }
}
