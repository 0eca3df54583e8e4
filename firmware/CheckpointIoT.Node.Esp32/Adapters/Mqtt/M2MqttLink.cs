using System;
using System.Threading;
using CheckpointIoT.Node.Core.Seams;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace CheckpointIoT.Node.Esp32.Adapters.Mqtt
{
    /// <summary>
    /// IMqttLink over nanoFramework.M2Mqtt (MQTT 3.1.1, QoS 1, clean session). M2Mqtt has no reconnect and
    /// binds its socket in the constructor, so each attempt uses a fresh client; the controller owns retry and
    /// backoff (LinkState). Connect never blocks the door's loop: the first call starts the attempt on a worker
    /// thread and returns false, a later call returns true once it succeeded. Last will: see WillText.
    /// </summary>
    public sealed class M2MqttLink : IMqttLink
    {
        public const ushort KeepAliveSeconds = 30;

        private readonly object _sync = new object();
        private readonly MqttEndpoint _endpoint;
        private readonly ILog _log;
        private MqttClient _client;
        private MqttClient _ready;
        private bool _connecting;

        public M2MqttLink(MqttEndpoint endpoint, ILog log)
        {
            _endpoint = endpoint;
            _log = log;
        }

        public event MqttMessageHandler MessageReceived;

        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && client.IsConnected;
            }
        }

        /// <summary>True while an attempt runs on the worker thread.</summary>
        public bool Connecting { get { lock (_sync) { return _connecting; } } }

        public bool Connect()
        {
            lock (_sync)
            {
                if (_connecting) return false;
                MqttClient ready = _ready;
                _ready = null;
                if (ready != null && ready.IsConnected)
                {
                    Drop(_client);
                    _client = ready;
                    return true;
                }
                Drop(ready);
                Drop(_client);
                _client = null;
                _connecting = true;
            }
            new Thread(ConnectWorker).Start();
            return false;
        }

        public void Disconnect()
        {
            MqttClient client;
            lock (_sync)
            {
                client = _client;
                _client = null;
            }
            if (client == null) return;
            try { if (client.IsConnected) client.Disconnect(); } catch (Exception) { }
            Drop(client);
        }

        public bool Publish(string topic, byte[] payload, bool retain)
        {
            MqttClient client = _client;
            if (client == null || !client.IsConnected) return false;
            try
            {
                client.Publish(topic, payload, null, null, MqttQoSLevel.AtLeastOnce, retain);
                return true;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "publish failed: " + ex.Message);
                return false;
            }
        }

        public bool Subscribe(string topic)
        {
            MqttClient client = _client;
            if (client == null || !client.IsConnected) return false;
            try
            {
                client.Subscribe(new string[] { topic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
                return true;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "subscribe failed: " + ex.Message);
                return false;
            }
        }

        private void ConnectWorker()
        {
            MqttClient client = null;
            try
            {
                client = _endpoint.CreateClient();
                client.MqttMsgPublishReceived += OnPublishReceived;
                MqttReasonCode code = _endpoint.Connect(client, KeepAliveSeconds);
                if (code == MqttReasonCode.Success)
                {
                    lock (_sync) { _ready = client; }
                    client = null;
                }
                else
                {
                    _log.Write(LogLevel.Warning, "broker refused the connection: reason " + (int)code);
                }
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "broker connect failed: " + ex.Message);
            }
            finally
            {
                Drop(client);
                lock (_sync) { _connecting = false; }
            }
        }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            MqttMessageHandler handler = MessageReceived;
            if (handler != null) handler(e.Topic, e.Message);
        }

        private static void Drop(MqttClient client)
        {
            if (client == null) return;
            try { client.Dispose(); } catch (Exception) { }
        }
    }
}
