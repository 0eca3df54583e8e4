using System.Net;
using CheckpointIoT.Gateway.Broker;

namespace CheckpointIoT.Gateway.Hosting;

/// <summary><c>checkpoint-gateway tls-init</c>: the gateway CA and the broker's server certificate, without openssl.</summary>
public static class TlsInitCommand
{
    public const string Usage = """
        usage: checkpoint-gateway tls-init [--dir DIR] [--host NAME]... [--ip ADDRESS]...
          Creates the gateway CA (ca.crt, ca.key) in DIR when missing and issues the broker's server certificate
          (server.crt, server.key) for the names and addresses the nodes connect to. Run again after the gateway's
          address changes: the CA is kept, so provisioned nodes keep trusting it.
          --dir   where the files go (default: <Gateway__DataDirectory or ./data>/tls)
          --host  a DNS name in the certificate (repeatable; default: this machine's name, name.local, localhost)
          --ip    an IP address in the certificate (repeatable; default: 127.0.0.1 and every IPv4 address that is up)
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? dir = null;
        var hosts = new List<string>();
        var ips = new List<IPAddress>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "--help" or "-h")
            {
                output.WriteLine(Usage);
                return GatewayProgram.ExitOk;
            }

            if (a is not ("--dir" or "--host" or "--ip"))
            {
                error.WriteLine($"checkpoint-gateway tls-init: unknown argument '{a}'\n{Usage}");
                return GatewayProgram.ExitBadConfig;
            }

            if (i + 1 >= args.Length)
            {
                error.WriteLine($"checkpoint-gateway tls-init: {a} needs a value");
                return GatewayProgram.ExitBadConfig;
            }

            var value = args[++i];
            switch (a)
            {
                case "--dir":
                    dir = value;
                    break;
                case "--host":
                    if (Uri.CheckHostName(value) != UriHostNameType.Dns)
                    {
                        error.WriteLine($"checkpoint-gateway tls-init: --host '{value}' is not a DNS name (use --ip for addresses)");
                        return GatewayProgram.ExitBadConfig;
                    }

                    hosts.Add(value);
                    break;
                default:
                    if (!IPAddress.TryParse(value, out var ip))
                    {
                        error.WriteLine($"checkpoint-gateway tls-init: --ip '{value}' is not an IP address");
                        return GatewayProgram.ExitBadConfig;
                    }

                    ips.Add(ip);
                    break;
            }
        }

        if (hosts.Count == 0 && ips.Count == 0)
        {
            var (names, addresses) = GatewayCertificateAuthority.LocalNames();
            hosts.AddRange(names);
            ips.AddRange(addresses);
        }

        dir ??= DefaultDirectory();
        GatewayCertificateAuthority.Result result;
        try
        {
            result = GatewayCertificateAuthority.Initialise(dir, hosts, ips);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            error.WriteLine("checkpoint-gateway tls-init: " + ex.Message);
            return GatewayProgram.ExitStartFailed;
        }

        output.WriteLine(result.CaCreated
            ? $"created the gateway CA: {result.CaCertPath} (SHA-1 {result.CaThumbprint}); keep ca.key secret, back it up offline"
            : $"kept the existing gateway CA: {result.CaCertPath} (SHA-1 {result.CaThumbprint})");
        output.WriteLine($"issued {result.ServerCertPath} until {result.ServerNotAfter:yyyy-MM-dd} for {string.Join(", ", result.DnsNames.Concat(result.Addresses.Select(a => a.ToString())))}");
        output.WriteLine();
        output.WriteLine("Turn the TLS listener on (environment form; appsettings.json keys are the same with ':'):");
        output.WriteLine($"  Gateway__Broker__TlsCertFile={result.ServerCertPath}");
        output.WriteLine($"  Gateway__Broker__TlsKeyFile={result.ServerKeyPath}");
        output.WriteLine($"  Gateway__Broker__TlsCaFile={result.CaCertPath}");
        output.WriteLine("Provision nodes for TLS: checkpoint-tech provision ... --tls (fetches this CA from the gateway), or --ca-file " + result.CaCertPath);
        return GatewayProgram.ExitOk;
    }

    /// <summary>DataDirectory/tls, DataDirectory taken as the service does (Gateway__DataDirectory, default ./data).</summary>
    private static string DefaultDirectory() =>
        Path.GetFullPath(Path.Combine(Environment.GetEnvironmentVariable("Gateway__DataDirectory") is { Length: > 0 } d ? d : "data", "tls"));
}
