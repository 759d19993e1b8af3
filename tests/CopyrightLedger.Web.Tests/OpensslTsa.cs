using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// A real, independent RFC 3161 time-stamping authority for tests: OpenSSL's own <c>openssl ts -reply</c>, with a
/// throwaway CA and TSA certificate made by <c>openssl</c>, behind a loopback HTTP listener that passes each
/// request to it. Nothing of the protocol is written by us.
/// </summary>
public sealed class OpensslTsa : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HttpListener _listener = new();
    private readonly SemaphoreSlim _one = new(1, 1);
    private int _answered;

    public OpensslTsa(int? port = null)
    {
        Port = port ?? FreePort();
        MakeCertificates();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/";
    public string CaFile => Path.Combine(_dir.Path, "ca.crt");
    public int Answered => _answered;

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Start()
    {
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            await _one.WaitAsync();
            try
            {
                var query = Path.Combine(_dir.Path, "q.tsq");
                var reply = Path.Combine(_dir.Path, "r.tsr");
                await using (var f = File.Create(query)) await context.Request.InputStream.CopyToAsync(f);
                Run("ts", "-reply", "-config", "tsa.cnf", "-queryfile", query, "-out", reply);
                var bytes = await File.ReadAllBytesAsync(reply);
                context.Response.ContentType = "application/timestamp-reply";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
                Interlocked.Increment(ref _answered);
            }
            finally { _one.Release(); }
        }
    }

    /// <summary>Runs <c>openssl</c> in the TSA's folder; fails the test with OpenSSL's own message.</summary>
    public string Run(params string[] args)
    {
        var (exit, output) = Tools.Run("openssl", args, _dir.Path);
        if (exit != 0) throw new InvalidOperationException($"openssl {string.Join(' ', args)} failed: {output}");
        return output;
    }

    public string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private void MakeCertificates()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "tsa-ext.cnf"),
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n");
        File.WriteAllText(Path.Combine(_dir.Path, "tsaserial"), "01\n");
        File.WriteAllText(Path.Combine(_dir.Path, "tsa.cnf"), $"""
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            dir = {_dir.Path}
            serial = $dir/tsaserial
            crypto_device = builtin
            signer_cert = $dir/tsa.crt
            certs = $dir/tsa.crt
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.3.6.1.4.1.99999.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """);
        Run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650",
            "-subj", "/CN=CopyrightLedger Test Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=CopyrightLedger Test TSA");
        Run("x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tsa.crt", "-days", "3650", "-extfile", "tsa-ext.cnf");
    }

    public void Dispose()
    {
        if (_listener.IsListening) _listener.Stop();
        _listener.Close();
        _dir.Dispose();
    }
}
