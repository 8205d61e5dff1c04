using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kumo.Objects.Errors;

namespace Kumo.Compute.KeyPairs;

/// <summary>A key pair's public half and fingerprint, with the private half when it was generated here.</summary>
public sealed record KeyPairMaterial(string Type, string PublicKey, string Fingerprint, string? PrivateKey)
{
    public const string Ssh = "ssh";
    public const string X509 = "x509";

    // Nova generates 2048-bit RSA keys (nova/crypto.py); OpenSSH and cloud-init accept them everywhere.
    private const int RsaBits = 2048;

    /// <summary>
    /// A new ssh key pair: an OpenSSH "ssh-rsa" public key and the private key as PKCS#1 PEM ("RSA
    /// PRIVATE KEY", what Nova returns, which ssh reads as it is). System.Security.Cryptography has no
    /// Ed25519, so generated keys are RSA; Ed25519 keys can be imported.
    /// </summary>
    public static KeyPairMaterial GenerateSsh(string comment)
    {
        using var rsa = RSA.Create(RsaBits);
        var publicKey = SshPublicKey.FromRsa(rsa, comment);
        return new KeyPairMaterial(Ssh, publicKey, SshPublicKey.Fingerprint(publicKey)!, rsa.ExportRSAPrivateKeyPem() + "\n");
    }

    /// <summary>A new x509 key pair (Nova's WinRM certificate): self-signed for CN=<paramref name="userId"/>, 10 years.</summary>
    public static KeyPairMaterial GenerateX509(string userId, DateTimeOffset now)
    {
        using var rsa = RSA.Create(RsaBits);
        var request = new CertificateRequest($"CN={userId}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return new KeyPairMaterial(X509, certificate.ExportCertificatePem() + "\n", X509Fingerprint(certificate), rsa.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>An imported public key; throws InvalidKeyPairException (400) when it is not one.</summary>
    public static KeyPairMaterial Import(string type, string publicKey)
    {
        if (type == X509)
        {
            try
            {
                using var certificate = X509Certificate2.CreateFromPem(publicKey);
                return new KeyPairMaterial(X509, publicKey, X509Fingerprint(certificate), null);
            }
            catch (CryptographicException)
            {
                throw new InvalidKeyPairException("failed to generate fingerprint");
            }
        }
        var fingerprint = SshPublicKey.Fingerprint(publicKey) ?? throw new InvalidKeyPairException("failed to generate fingerprint");
        return new KeyPairMaterial(Ssh, publicKey, fingerprint, null);
    }

    // Nova: SHA-1 of the DER certificate, colon hex.
    private static string X509Fingerprint(X509Certificate2 certificate) => SshPublicKey.ColonHex(SHA1.HashData(certificate.RawData));
}

/// <summary>Nova's InvalidKeypair.</summary>
public sealed class InvalidKeyPairException(string reason) : KumoException($"Keypair data is invalid: {reason}")
{
    public override int Code => 400;
}
