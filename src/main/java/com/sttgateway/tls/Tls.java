package com.sttgateway.tls;

import com.sttgateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.util.concurrent.TimeUnit;

/**
 * TLS for the gateway, in calls the wiring makes one line each: server options with the client or admin port's
 * certificate, client options trusting the JDK's CAs plus {@code upstream.caPath}, and watching started servers so
 * a replaced certificate is served without a restart. Options methods: any thread; watching: event loop timer.
 */
public final class Tls {

  private final GatewayConfig.Tls settings;
  private final TrustOptions trust;
  private final CertificateReloader clientPort;
  private final CertificateReloader adminPort;

  public Tls(Vertx vertx, GatewayConfig.Tls settings) {
    this.settings = settings;
    this.trust = settings.upstreamCaPath().isEmpty() ? null : TrustBundle.withJdkDefaults(settings.upstreamCaPath());
    long every = TimeUnit.SECONDS.toMillis(settings.reloadIntervalSeconds());
    this.clientPort = settings.server() ? new CertificateReloader(vertx, "client port", settings.serverCertPath(),
        settings.serverKeyPath(), every) : null;
    this.adminPort = settings.admin() ? new CertificateReloader(vertx, "admin port", settings.adminCertPath(),
        settings.adminKeyPath(), every) : null;
  }

  /** The client port's options, with HTTPS when {@code server.tls.*} is set. */
  public HttpServerOptions server(HttpServerOptions options) {
    return settings.server() ? withCertificate(options, settings.serverCertPath(), settings.serverKeyPath()) : options;
  }

  /** The admin port's options, with HTTPS when {@code admin.tls.*} is set. */
  public HttpServerOptions admin(HttpServerOptions options) {
    return settings.admin() ? withCertificate(options, settings.adminCertPath(), settings.adminKeyPath()) : options;
  }

  /** Options of a client that calls the upstream or callback URLs: trusts the JDK's CAs and upstream.caPath. */
  public <T extends ClientOptionsBase> T client(T options) {
    if (trust != null) {
      options.setTrustOptions(trust);
    }
    return options;
  }

  /** Reloads {@code server}'s certificate when the client port's files change (no-op without TLS). */
  public HttpServer watchClientPort(HttpServer server) {
    return clientPort == null ? server : clientPort.watch(server);
  }

  /** Reloads {@code server}'s certificate when the admin port's files change (no-op without TLS). */
  public HttpServer watchAdminPort(HttpServer server) {
    return adminPort == null ? server : adminPort.watch(server);
  }

  /** Stops watching the files. */
  public Future<Void> stop() {
    if (clientPort != null) {
      clientPort.stop();
    }
    if (adminPort != null) {
      adminPort.stop();
    }
    return Future.succeededFuture();
  }

  public String scheme() {
    return settings.server() ? "https" : "http";
  }

  private static HttpServerOptions withCertificate(HttpServerOptions options, String cert, String key) {
    options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key));
    return options;
  }
}
