using System.Collections.Concurrent;
using System.Text;
using CheckpointIoT.Gateway.Broker.External;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Tests.Broker.External.Fakes;
using CheckpointIoT.TestSupport;
using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Tests.Broker.External;

/// <summary>ResilientMqttClient against a real mosquitto (TestSupport.MosquittoProcess): delivery, broker loss, refusals, TLS.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ResilientMqttClientTests
{
    private const string Password = "s3cret-for-tests";
    private readonly RecordingLogger<ResilientMqttClientTests> _log = new();

    [Fact]
    public async Task Messages_PublishedOnSubscribedTopic_ArriveCopiedWithRetainFlag()
    {
        await using var broker = await MosquittoProcess.StartAsync(Setup());
        await using var publisher = Client(broker, "pub");
        publisher.Start();
        await publisher.Ready.WaitAsync(MqttWait.Timeout);
        Assert.Equal(MqttSendResult.Sent, await publisher.PublishAsync("t/retained", Bytes("kept"), 1, retain: true));

        await using var subscriber = Client(broker, "sub", o => o.Subscriptions = [new MqttSubscription("t/#", 1)]);
        subscriber.Start();
        await subscriber.Ready.WaitAsync(MqttWait.Timeout);
        var (retained, _) = await subscriber.Messages.ReadUntilAsync(m => m.Topic == "t/retained", "the retained message");
        Assert.True(retained.Retained);
        Assert.Equal("kept", Encoding.UTF8.GetString(retained.Payload));

        Assert.Equal(MqttSendResult.Sent, await publisher.PublishAsync("t/live", Bytes("hello"), 1));
        Assert.True(publisher.TryPublish("t/live0", Bytes("qos0")));
        var (live, _) = await subscriber.Messages.ReadUntilAsync(m => m.Topic == "t/live", "the live message");
        Assert.False(live.Retained);
        Assert.Equal("hello", Encoding.UTF8.GetString(live.Payload));
        await subscriber.Messages.ReadUntilAsync(m => m.Topic == "t/live0", "the QoS 0 message");
        Assert.Equal(MqttLinkState.Connected, subscriber.State);
        Assert.Equal(1, subscriber.ConnectAttempts);
    }

    [Fact]
    public async Task BrokerKilledAndRestarted_WhileQos1Streaming_ReconnectsResubscribesAndReceivesLaterMessages()
    {
        await using var broker = await MosquittoProcess.StartAsync(Setup());
        await using var subscriber = Client(broker, "sub", o =>
        {
            o.CleanSession = false;
            o.Subscriptions = [new MqttSubscription("stream/#", 1)];
        });
        await using var publisher = Client(broker, "pub");
        var seq = 0;
        var markAfterResubscribe = -1;
        var sessions = 0;
        subscriber.StateChanged += s =>
        {
            if (s == MqttLinkState.Connected && Interlocked.Increment(ref sessions) == 2)
            {
                // Every message numbered above this one was published after the new subscription was granted.
                Volatile.Write(ref markAfterResubscribe, Volatile.Read(ref seq));
            }
        };
        subscriber.Start();
        publisher.Start();
        await Task.WhenAll(subscriber.Ready, publisher.Ready).WaitAsync(MqttWait.Timeout);

        var sent = new ConcurrentBag<int>();
        var notConnected = 0;
        using var stop = new CancellationTokenSource();
        var stream = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref seq);
                var r = await publisher.PublishAsync("stream/x", BitConverter.GetBytes(n), 1);
                if (r == MqttSendResult.Sent)
                {
                    sent.Add(n);
                }
                else
                {
                    Interlocked.Increment(ref notConnected);
                    await Task.Delay(20);
                }

                await Task.Delay(5);
            }
        });

        var received = new ConcurrentDictionary<int, bool>();
        var reader = Task.Run(async () =>
        {
            await foreach (var m in subscriber.Messages.ReadAllAsync())
            {
                received[BitConverter.ToInt32(m.Payload)] = true;
            }
        });

        await MqttWait.UntilAsync(() => received.Count >= 20, "20 messages before the kill");
        var pidBefore = broker.ProcessId;
        broker.Kill();
        await MqttWait.UntilAsync(() => subscriber.State != MqttLinkState.Connected && publisher.State != MqttLinkState.Connected, "both clients noticing the dead broker");
        await Task.Delay(300);
        await broker.RestartAsync();
        Assert.NotEqual(pidBefore, broker.ProcessId);

        await MqttWait.UntilAsync(() => Volatile.Read(ref markAfterResubscribe) >= 0, "the subscriber's second session");
        var mark = Volatile.Read(ref markAfterResubscribe);
        await MqttWait.UntilAsync(() => sent.Count(n => n > mark) >= 30, "30 messages published after the re-subscription");
        await stop.CancelAsync();
        await stream;
        var expected = sent.Where(n => n > mark).ToArray();
        await MqttWait.UntilAsync(() => expected.All(received.ContainsKey), "every message published after the re-subscription");

        Assert.Equal(MqttLinkState.Connected, subscriber.State);
        Assert.Equal(2, subscriber.SessionsEstablished);
        Assert.False(subscriber.LastSessionPresent); // the killed broker lost the session: only our re-subscribe brought messages back
        Assert.True(Volatile.Read(ref notConnected) > 0, "the publisher should have seen NotConnected while the broker was down");
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal));
        await subscriber.StopAsync();
        await reader;
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task PersistentSession_Qos1QueuedWhileClientAway_ArriveAfterReconnect(int protocolVersion)
    {
        await using var broker = await MosquittoProcess.StartAsync(Setup());
        var id = "persistent-" + Guid.NewGuid().ToString("N")[..8];
        await using (var first = Client(broker, "sub", o => Persistent(o, id, protocolVersion)))
        {
            first.Start();
            await first.Ready.WaitAsync(MqttWait.Timeout);
            Assert.False(first.LastSessionPresent);
        }

        await using var publisher = Client(broker, "pub");
        publisher.Start();
        await publisher.Ready.WaitAsync(MqttWait.Timeout);
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(MqttSendResult.Sent, await publisher.PublishAsync("q/x", BitConverter.GetBytes(i), 1));
        }

        await using var again = Client(broker, "sub", o => Persistent(o, id, protocolVersion));
        again.Start();
        await again.Ready.WaitAsync(MqttWait.Timeout);
        Assert.True(again.LastSessionPresent);
        var got = new List<int>();
        while (got.Count < 25)
        {
            var (m, _) = await again.Messages.ReadUntilAsync(_ => true, $"queued message #{got.Count}");
            got.Add(BitConverter.ToInt32(m.Payload));
        }

        Assert.Equal(Enumerable.Range(0, 25), got);
    }

    [Fact]
    public async Task InboundFull_HandlerWaitsWithoutAcknowledging_NothingLostAcrossAStop()
    {
        await using var broker = await MosquittoProcess.StartAsync(Setup());
        var id = "full-" + Guid.NewGuid().ToString("N")[..8];
        await using var publisher = Client(broker, "pub");
        publisher.Start();
        var first = Client(broker, "sub", o => { Persistent(o, id, 4); o.InboundCapacity = 2; });
        first.Start();
        await Task.WhenAll(first.Ready, publisher.Ready).WaitAsync(MqttWait.Timeout);

        // Nobody reads: two messages fill the channel, the handler waits on the third, the rest stay unacknowledged.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(MqttSendResult.Sent, await publisher.PublishAsync("q/x", BitConverter.GetBytes(i), 1));
        }

        await MqttWait.UntilAsync(() => first.Messages.Count == 2, "the channel filling up");
        await first.DisposeAsync();
        var got = new List<int>();
        await foreach (var m in first.Messages.ReadAllAsync())
        {
            got.Add(BitConverter.ToInt32(m.Payload));
        }

        Assert.Equal([0, 1], got);
        await using var second = Client(broker, "sub", o => Persistent(o, id, 4));
        second.Start();
        await second.Ready.WaitAsync(MqttWait.Timeout);
        while (!got.Contains(9))
        {
            var (m, _) = await second.Messages.ReadUntilAsync(_ => true, "the messages the first client did not take");
            got.Add(BitConverter.ToInt32(m.Payload));
        }

        Assert.Equal(Enumerable.Range(0, 10), got.Distinct().Order());
    }

    [Fact]
    public async Task InboundFull_SlowConsumer_GetsEverythingInOrder_AndEachIsAcknowledged()
    {
        await using var broker = await MosquittoProcess.StartAsync(Setup());
        var id = "slow-" + Guid.NewGuid().ToString("N")[..8];
        await using var publisher = Client(broker, "pub");
        publisher.Start();
        var got = new List<int>();
        await using (var slow = Client(broker, "sub", o => { Persistent(o, id, 4); o.InboundCapacity = 1; }))
        {
            slow.Start();
            await Task.WhenAll(slow.Ready, publisher.Ready).WaitAsync(MqttWait.Timeout);
            for (var i = 0; i < 30; i++)
            {
                Assert.Equal(MqttSendResult.Sent, await publisher.PublishAsync("q/x", BitConverter.GetBytes(i), 1));
            }

            while (got.Count < 30)
            {
                await Task.Delay(10);
                var (m, _) = await slow.Messages.ReadUntilAsync(_ => true, $"message #{got.Count}");
                got.Add(BitConverter.ToInt32(m.Payload));
            }

            await Task.Delay(200); // let the last PUBACK leave before the DISCONNECT
        }

        Assert.Equal(Enumerable.Range(0, 30), got);

        // Every message was acknowledged: the persistent session has nothing to deliver again.
        await using var again = Client(broker, "sub", o => Persistent(o, id, 4));
        again.Start();
        await again.Ready.WaitAsync(MqttWait.Timeout);
        Assert.True(again.LastSessionPresent);
        Assert.Equal(MqttSendResult.Sent, await publisher.PublishAsync("q/marker", Bytes("marker"), 1));
        var (_, redelivered) = await again.Messages.ReadUntilAsync(m => m.Topic == "q/marker", "the marker");
        Assert.Empty(redelivered);
    }

    [Fact]
    public async Task CleanSession_Qos1PublishedWhileClientAway_AreNotDelivered()
    {
        await using var broker = await MosquittoProcess.StartAsync(Setup());
        var id = "clean-" + Guid.NewGuid().ToString("N")[..8];
        await using (var first = Client(broker, "sub", o => { o.ClientId = id; o.Subscriptions = [new MqttSubscription("q/#", 1)]; }))
        {
            first.Start();
            await first.Ready.WaitAsync(MqttWait.Timeout);
        }

        await using var publisher = Client(broker, "pub");
        publisher.Start();
        await publisher.Ready.WaitAsync(MqttWait.Timeout);
        Assert.Equal(MqttSendResult.Sent, await publisher.PublishAsync("q/away", Bytes("away"), 1));

        await using var again = Client(broker, "sub", o => { o.ClientId = id; o.Subscriptions = [new MqttSubscription("q/#", 1)]; });
        again.Start();
        await again.Ready.WaitAsync(MqttWait.Timeout);
        Assert.False(again.LastSessionPresent);
        Assert.Equal(MqttSendResult.Sent, await publisher.PublishAsync("q/marker", Bytes("marker"), 1));
        var (_, before) = await again.Messages.ReadUntilAsync(m => m.Topic == "q/marker", "the marker");
        Assert.Empty(before);
    }

    [Fact]
    public async Task BrokerFrozen_HealthPingGetsNoAnswer_LinkDropsAndRecoversAfterThaw()
    {
        await using var broker = await MosquittoProcess.StartAsync(Setup());
        await using var client = Client(broker, "frozen", o =>
        {
            o.KeepAliveSeconds = 120; // the broker must not be what notices; the client's health ping must
            o.Subscriptions = [new MqttSubscription("f/#", 1)];
        });
        client.Start();
        await client.Ready.WaitAsync(MqttWait.Timeout);

        Assert.Equal(0, Posix.Kill(broker.ProcessId, 19)); // SIGSTOP: TCP stays open, nothing answers
        try
        {
            await MqttWait.UntilAsync(() => client.State != MqttLinkState.Connected, "the link noticing the frozen broker");
            Assert.Equal(MqttLinkFailure.Unreachable, client.LastFailure);
            Assert.Contains("health ping", client.LastError, StringComparison.Ordinal);
        }
        finally
        {
            Posix.Kill(broker.ProcessId, 18); // SIGCONT
        }

        await MqttWait.UntilAsync(() => client.State == MqttLinkState.Connected && client.SessionsEstablished == 2, "the second session after the thaw");
        Assert.Equal(MqttSendResult.Sent, await client.PublishAsync("f/after", Bytes("thawed"), 1));
        await client.Messages.ReadUntilAsync(m => m.Topic == "f/after", "the message after the thaw");
    }

    [Fact]
    public async Task WrongPassword_ReportsAuthenticationRefused_AndRetriesAtTheCapNotInATightLoop()
    {
        await using var broker = await MosquittoProcess.StartAsync(Setup());
        await using var client = Client(broker, "bad", o =>
        {
            o.Password = "wrong-password";
            o.ReconnectDelayMinMilliseconds = 50;
            o.ReconnectDelayMaxMilliseconds = 800;
        });
        client.Start();
        await MqttWait.UntilAsync(() => client.LastFailure == MqttLinkFailure.AuthenticationRefused, "the authentication refusal");
        await Task.Delay(3000);

        // Refusals wait 400..800 ms each: at most 1 + 3.x s / 400 ms attempts; a tight loop would make hundreds.
        var attempts = client.ConnectAttempts;
        Assert.InRange(attempts, 2, 10);
        Assert.NotEqual(MqttLinkState.Connected, client.State);
        Assert.Equal(MqttLinkFailure.AuthenticationRefused, client.LastFailure);
        Assert.Contains("credentials", client.LastError, StringComparison.Ordinal);
        Assert.False(client.Ready.IsCompleted);
        Assert.Equal(0, client.SessionsEstablished);
        Assert.Equal(MqttSendResult.NotConnected, await client.PublishAsync("t/x", Bytes("x"), 1));
        Assert.False(client.TryPublish("t/x", Bytes("x")));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("AuthenticationRefused", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains("wrong-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NothingListening_PublishReturnsNotConnected_StateDisconnectedUnreachable()
    {
        var port = Repo.FreePort();
        await using var client = new ResilientMqttClient(
            new ResilientMqttClientOptions { Port = port, ClientId = "nobody", ReconnectDelayMinMilliseconds = 50, ReconnectDelayMaxMilliseconds = 200 },
            _log);
        client.Start();
        await MqttWait.UntilAsync(() => client.ConnectAttempts >= 2 && client.LastFailure == MqttLinkFailure.Unreachable, "two failed attempts");
        Assert.NotEqual(MqttLinkState.Connected, client.State);
        Assert.Equal(MqttSendResult.NotConnected, await client.PublishAsync("t/x", Bytes("x"), 1));
        await client.StopAsync();
        Assert.Equal(MqttLinkState.Stopped, client.State);
        Assert.False(await client.Messages.WaitToReadAsync()); // completed on stop
    }

    [Fact]
    public async Task Tls_ServerCertificateFromTheConfiguredCa_ConnectsAndDelivers()
    {
        var dir = TempDir();
        try
        {
            using var ca = TestCa.Create("Site CA");
            var (cert, key) = ca.IssueServer(dir);
            var caFile = ca.WriteCertificate(Path.Combine(dir, "ca.crt"));
            await using var broker = await MosquittoProcess.StartAsync(Setup(s => { s.TlsCertFile = cert; s.TlsKeyFile = key; }));
            await using var client = Client(broker, "tls", o =>
            {
                o.Port = broker.TlsPort!.Value;
                o.TlsCaFile = caFile;
                o.Subscriptions = [new MqttSubscription("tls/#", 1)];
            });
            client.Start();
            await client.Ready.WaitAsync(MqttWait.Timeout);
            Assert.Equal(MqttSendResult.Sent, await client.PublishAsync("tls/echo", Bytes("over tls"), 1));
            var (m, _) = await client.Messages.ReadUntilAsync(x => x.Topic == "tls/echo", "the echo over TLS");
            Assert.Equal("over tls", Encoding.UTF8.GetString(m.Payload));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Tls_ServerCertificateFromAnotherCa_IsRefused()
    {
        var dir = TempDir();
        try
        {
            using var siteCa = TestCa.Create("Site CA");
            using var otherCa = TestCa.Create("Site CA"); // same name, different key: only the signature tells them apart
            var (cert, key) = otherCa.IssueServer(dir);
            var caFile = siteCa.WriteCertificate(Path.Combine(dir, "ca.crt"));
            await using var broker = await MosquittoProcess.StartAsync(Setup(s => { s.TlsCertFile = cert; s.TlsKeyFile = key; }));
            await using var client = Client(broker, "tls", o =>
            {
                o.Port = broker.TlsPort!.Value;
                o.TlsCaFile = caFile;
                o.ReconnectDelayMinMilliseconds = 50;
                o.ReconnectDelayMaxMilliseconds = 500;
            });
            client.Start();
            await MqttWait.UntilAsync(() => client.LastFailure == MqttLinkFailure.TlsRejected, "the TLS rejection");
            Assert.Contains("does not chain to the configured CA", client.LastError, StringComparison.Ordinal);
            Assert.Equal(0, client.SessionsEstablished);
            Assert.False(client.Ready.IsCompleted);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Tls_CertificateForAnotherHostName_IsRefused()
    {
        var dir = TempDir();
        try
        {
            using var ca = TestCa.Create("Site CA");
            var (cert, key) = ca.IssueServer(dir);
            var caFile = ca.WriteCertificate(Path.Combine(dir, "ca.crt"));
            await using var broker = await MosquittoProcess.StartAsync(Setup(s => { s.TlsCertFile = cert; s.TlsKeyFile = key; }));
            await using var client = Client(broker, "tls", o =>
            {
                o.Port = broker.TlsPort!.Value;
                o.TlsCaFile = caFile;
                o.TlsServerName = "broker.example.org";
                o.ReconnectDelayMinMilliseconds = 50;
                o.ReconnectDelayMaxMilliseconds = 500;
            });
            client.Start();
            await MqttWait.UntilAsync(() => client.LastFailure == MqttLinkFailure.TlsRejected, "the TLS rejection");
            Assert.Contains("host name", client.LastError, StringComparison.Ordinal);
            Assert.Equal(0, client.SessionsEstablished);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(1, 400, 5000, 200, 400)]
    [InlineData(2, 400, 5000, 400, 800)]
    [InlineData(4, 400, 5000, 1600, 3200)]
    [InlineData(5, 400, 5000, 2500, 5000)]
    [InlineData(31, 400, 5000, 2500, 5000)]
    [InlineData(1000, 400, 5000, 2500, 5000)]
    public void BackoffDelay_Failures_DoublesUpToTheCapWithinTheJitterBand(int failures, int min, int max, double low, double high)
    {
        Assert.Equal(low, ResilientMqttClient.BackoffDelay(failures, min, max, 0).TotalMilliseconds, 3);
        Assert.Equal(high, ResilientMqttClient.BackoffDelay(failures, min, max, 1).TotalMilliseconds, 3);
        var mid = ResilientMqttClient.BackoffDelay(failures, min, max, 0.5).TotalMilliseconds;
        Assert.InRange(mid, low, high);
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("Port")]
    [InlineData("ClientId")]
    [InlineData("ProtocolVersion")]
    [InlineData("KeepAliveSeconds")]
    [InlineData("ReconnectDelayMaxMilliseconds")]
    [InlineData("HealthCheckIntervalMilliseconds")]
    [InlineData("TlsCaFile")]
    [InlineData("Subscriptions:0")]
    public void Constructor_BadOption_ThrowsNamingTheKey(string key)
    {
        var o = new ResilientMqttClientOptions { ClientId = "x" };
        switch (key)
        {
            case "Host": o.Host = " "; break;
            case "Port": o.Port = 0; break;
            case "ClientId": o.ClientId = ""; break;
            case "ProtocolVersion": o.ProtocolVersion = 3; break;
            case "KeepAliveSeconds": o.KeepAliveSeconds = -1; break;
            case "ReconnectDelayMaxMilliseconds": o.ReconnectDelayMaxMilliseconds = o.ReconnectDelayMinMilliseconds - 1; break;
            case "HealthCheckIntervalMilliseconds": o.HealthCheckIntervalMilliseconds = 0; break;
            case "TlsCaFile": o.TlsCaFile = "/nonexistent/ca.crt"; break;
            case "Subscriptions:0": o.Subscriptions = [new MqttSubscription("a/#", 3)]; break;
        }

        var ex = Assert.Throws<GatewayConfigException>(() => new ResilientMqttClient(o, _log, "Gateway:Test"));
        Assert.Equal("Gateway:Test:" + key, ex.Key);
    }

    [Fact]
    public void Constructor_TlsCaFileWithoutCertificate_ThrowsNamingTheKey()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate\n");
            var o = new ResilientMqttClientOptions { ClientId = "x", TlsCaFile = file };
            var ex = Assert.Throws<GatewayConfigException>(() => new ResilientMqttClient(o, _log, "Gateway:Broker"));
            Assert.Equal("Gateway:Broker:TlsCaFile", ex.Key);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static MosquittoSetup Setup(Action<MosquittoSetup>? configure = null)
    {
        var s = new MosquittoSetup();
        s.Users["client"] = Password;
        configure?.Invoke(s);
        return s;
    }

    private ResilientMqttClient Client(MosquittoProcess broker, string prefix, Action<ResilientMqttClientOptions>? configure = null)
    {
        var o = new ResilientMqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = $"{prefix}-{Guid.NewGuid():N}",
            Username = "client",
            Password = Password,
            KeepAliveSeconds = 5,
            ConnectTimeoutMilliseconds = 3000,
            ReconnectDelayMinMilliseconds = 100,
            ReconnectDelayMaxMilliseconds = 500,
            HealthCheckIntervalMilliseconds = 1000,
        };
        configure?.Invoke(o);
        return new ResilientMqttClient(o, _log);
    }

    private static void Persistent(ResilientMqttClientOptions o, string id, int protocolVersion)
    {
        o.ClientId = id;
        o.ProtocolVersion = protocolVersion;
        o.CleanSession = false;
        o.Subscriptions = [new MqttSubscription("q/#", 1)];
    }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "checkpointiot-ext-tls", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
