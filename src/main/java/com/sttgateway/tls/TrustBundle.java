package com.sttgateway.tls;

import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for outgoing TLS: a server is trusted when the JDK's CAs or the PEM bundle's accept it (a private CA is
 * added, public ones stay trusted). Host names are still verified by the client. Thread-safe (immutable).
 */
final class TrustBundle extends X509ExtendedTrustManager {

  private final List<X509ExtendedTrustManager> managers;

  private TrustBundle(List<X509ExtendedTrustManager> managers) {
    this.managers = managers;
  }

  /** Vert.x trust options for the JDK's default CAs plus every certificate in the PEM file {@code caPath}. */
  static TrustOptions withJdkDefaults(String caPath) {
    try {
      KeyStore bundle = KeyStore.getInstance(KeyStore.getDefaultType());
      bundle.load(null, null);
      int i = 0;
      try (InputStream in = Files.newInputStream(Path.of(caPath))) {
        for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          bundle.setCertificateEntry("ca-" + i++, cert);
        }
      }
      if (i == 0) {
        throw new IllegalArgumentException("upstream.caPath: '" + caPath + "' (expected: PEM certificates)");
      }
      List<X509ExtendedTrustManager> managers = new ArrayList<>(managers(null));
      managers.addAll(managers(bundle));
      return TrustOptions.wrap(new TrustBundle(List.copyOf(managers)));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("upstream.caPath: '" + caPath + "' cannot be read: " + e.getMessage(), e);
    }
  }

  /** The X.509 trust managers of {@code store} (null: the JDK's default CAs). */
  private static List<X509ExtendedTrustManager> managers(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return Stream.of(factory.getTrustManagers()).filter(X509ExtendedTrustManager.class::isInstance)
        .map(X509ExtendedTrustManager.class::cast).toList();
  }

  /** One check against each manager in turn; trusted when any accepts. */
  private interface Check {
    void run(X509ExtendedTrustManager manager) throws CertificateException;
  }

  private void anyAccepts(Check check) throws CertificateException {
    CertificateException last = null;
    for (X509ExtendedTrustManager manager : managers) {
      try {
        check.run(manager);
        return;
      } catch (CertificateException e) {
        last = e;
      }
    }
    throw last != null ? last : new CertificateException("no trust manager");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    anyAccepts(m -> m.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    anyAccepts(m -> m.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    anyAccepts(m -> m.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    anyAccepts(m -> m.checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    anyAccepts(m -> m.checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    anyAccepts(m -> m.checkClientTrusted(chain, authType));
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return managers.stream().flatMap(m -> Stream.of(m.getAcceptedIssuers())).toArray(X509Certificate[]::new);
  }
}
