package com.sttgateway.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A throw-away test CA that signs server certificates for 127.0.0.1/localhost, made with the JDK's keytool at run
 * time and written as PEM files (the key as PKCS#8). Blocking.
 */
final class TestCertificates {

  private static final String PASS = "changeit";

  private final Path dir;
  final Path caPem;

  private TestCertificates(Path dir, Path caPem) {
    this.dir = dir;
    this.caPem = caPem;
  }

  /** A new CA in {@code dir}. */
  static TestCertificates ca(Path dir) throws Exception {
    keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Test CA",
        "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12", "-storepass", PASS);
    keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASS, "-file", "ca.pem");
    return new TestCertificates(dir, dir.resolve("ca.pem"));
  }

  /** A server certificate named {@code name} signed by this CA: [chain PEM (server, CA), key PEM]. */
  Path[] issue(String name) throws Exception {
    String store = name + ".p12";
    keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-validity", "2", "-keystore", store, "-storepass", PASS);
    keytool(dir, "-certreq", "-alias", name, "-keystore", store, "-storepass", PASS, "-file", name + ".csr");
    keytool(dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASS, "-infile",
        name + ".csr", "-outfile", name + ".crt", "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost");
    Path chain = dir.resolve(name + "-chain.pem");
    Files.writeString(chain, Files.readString(dir.resolve(name + ".crt")) + Files.readString(caPem));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(store))) {
      keys.load(in, PASS.toCharArray());
    }
    PrivateKey key = (PrivateKey) keys.getKey(name, PASS.toCharArray());
    Path keyPem = dir.resolve(name + "-key.pem");
    Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    return new Path[] {chain, keyPem};
  }

  /** The first certificate in a PEM file. */
  static X509Certificate first(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** A trust manager and SSL context trusting this CA only. */
  X509TrustManager trustManager() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", first(caPem));
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  SSLContext sslContext() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
    return context;
  }

  private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
    }
  }

}
