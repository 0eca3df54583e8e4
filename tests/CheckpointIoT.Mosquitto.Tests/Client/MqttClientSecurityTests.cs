using CheckpointIoT.Mosquitto.Tests.Fixtures;

namespace CheckpointIoT.Mosquitto.Tests.Client;

/// <summary>Password file (generated in C#), anonymous access and ACLs against the real broker.</summary>
public sealed class MqttClientSecurityTests : IClassFixture<MqttClientSecurityTests.SecuredBrokerFixture>
{
    private readonly SecuredBrokerFixture _fixture;

    public MqttClientSecurityTests(SecuredBrokerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task ConnectAsync_CorrectPassword_Accepted()
    {
        await using var client = await _fixture.ConnectClientAsync("admin", o => (o.Username, o.Password) = ("admin", "admin-pw"));

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_WrongPassword_ThrowsNotAuthorised()
    {
        var ex = await Assert.ThrowsAsync<MqttException>(
            () => _fixture.ConnectClientAsync("admin", o => (o.Username, o.Password) = ("admin", "wrong")));

        Assert.Contains("not authorised", ex.Message);
        Assert.Equal(5, ex.ReasonCode);
    }

    [Fact]
    public async Task ConnectAsync_UnknownUser_ThrowsNotAuthorised()
    {
        var ex = await Assert.ThrowsAsync<MqttException>(
            () => _fixture.ConnectClientAsync("ghost", o => (o.Username, o.Password) = ("ghost", "admin-pw")));

        Assert.Contains("not authorised", ex.Message);
    }

    [Fact]
    public async Task ConnectAsync_AnonymousWhenNotAllowed_Refused()
    {
        var ex = await Assert.ThrowsAsync<MqttException>(() => _fixture.ConnectClientAsync("anon"));

        Assert.Contains("not authorised", ex.Message);
    }

    [Fact]
    public async Task ConnectAsync_WrongPasswordMqtt5_ThrowsWithReasonText()
    {
        var ex = await Assert.ThrowsAsync<MqttException>(
            () => _fixture.ConnectClientAsync("admin", o => (o.Username, o.Password, o.Protocol) = ("admin", "wrong", MqttProtocol.V5)));

        Assert.Contains("authori", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SubscribeAsync_TopicForbiddenByAcl_ReceivesNothing()
    {
        await using var admin = await ConnectAsAsync("admin", "admin-pw");
        await using var node = await ConnectAsAsync("node1", "node1-pw");
        await node.SubscribeAsync("verdict/node2"); // mosquitto 2.0 grants it for MQTT 3.1.1 but never delivers
        await node.SubscribeAsync("verdict/node1");

        await admin.PublishAsync("verdict/node2", "forbidden"u8.ToArray());
        await admin.PublishAsync("verdict/node1", "marker"u8.ToArray());

        var (marker, before) = await node.NextMessageOnAsync("verdict/node1");
        Assert.Equal("marker"u8.ToArray(), marker.Payload);
        Assert.Empty(before);
        Assert.Empty(node.Messages.Drain());
    }

    [Fact]
    public async Task PublishAsync_TopicForbiddenByAcl_NotDelivered()
    {
        await using var admin = await ConnectAsAsync("admin", "admin-pw");
        await admin.SubscribeAsync("checkin/#");
        await using var node = await ConnectAsAsync("node1", "node1-pw");

        await node.PublishAsync("checkin/node2", "spoofed"u8.ToArray()); // acknowledged, silently dropped
        await node.PublishAsync("checkin/node1", "own"u8.ToArray());

        var (own, before) = await admin.NextMessageOnAsync("checkin/node1");
        Assert.Equal("own"u8.ToArray(), own.Payload);
        Assert.Empty(before);
    }

    private Task<MqttClient> ConnectAsAsync(string user, string password) =>
        _fixture.ConnectClientAsync(user, o => (o.Username, o.Password) = (user, password));

    public sealed class SecuredBrokerFixture : BrokerFixture
    {
        protected override void Configure(MosquittoBrokerOptions options)
        {
            options.AllowAnonymous = false;
            options.Users = new[]
            {
                new MqttCredential("admin", "admin-pw"),
                new MqttCredential("node1", "node1-pw"),
            };
            options.AclText = """
                user admin
                topic readwrite #

                user node1
                topic write checkin/node1
                topic read verdict/node1
                """;
        }
    }
}
