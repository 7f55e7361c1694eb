package com.sttgateway.tls;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Watches one port's certificate and key files on a timer; when either changes (modification time or size), every
 * server of that port gets the new pair via {@code updateSSLOptions}, and one line is logged. A pair that does not
 * load (a half-written file) keeps the old one and is tried again at the next tick. Event loop (timer).
 */
final class CertificateReloader {

  private static final Logger LOG = Logger.getLogger(CertificateReloader.class.getName());

  private final Vertx vertx;
  private final String port;
  private final Path cert;
  private final Path key;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final long timer;
  private volatile String seen;

  CertificateReloader(Vertx vertx, String port, String cert, String key, long everyMillis) {
    this.vertx = vertx;
    this.port = port;
    this.cert = Path.of(cert);
    this.key = Path.of(key);
    this.seen = stamp();
    this.timer = vertx.setPeriodic(everyMillis, id -> check());
  }

  HttpServer watch(HttpServer server) {
    servers.add(server);
    return server;
  }

  void stop() {
    vertx.cancelTimer(timer);
    servers.clear();
  }

  private void check() {
    String now = stamp();
    if (now.equals(seen) || now.equals("missing") || servers.isEmpty()) {
      return;
    }
    ServerSSLOptions options = new ServerSSLOptions().setKeyCertOptions(
        new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()));
    io.vertx.core.Future.all(servers.stream().map(s -> s.updateSSLOptions(options, true)).toList())
        .onSuccess(v -> {
          seen = now;
          LOG.info("TLS: the " + port + " now serves the certificate in " + cert);
        })
        .onFailure(err -> LOG.warning("TLS: the " + port + " keeps its certificate; " + cert + " with " + key
            + " did not load (" + err.getMessage() + "), trying again at the next check"));
  }

  /** Both files' modification times and sizes; "missing" while a file is being replaced. */
  private String stamp() {
    try {
      return Files.getLastModifiedTime(cert) + "/" + Files.size(cert) + "|" + Files.getLastModifiedTime(key) + "/"
          + Files.size(key);
    } catch (IOException e) {
      return "missing";
    }
  }
}
