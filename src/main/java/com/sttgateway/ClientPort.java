package com.sttgateway;

import com.sttgateway.config.GatewayConfig;
import com.sttgateway.proxy.InvalidRequests;
import com.sttgateway.tls.Tls;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The client port: one HTTP server per event loop sharing the port (Vert.x server sharing, so proxying uses every
 * core), each answering with the front door; TLS when configured. Netty's own rejections answer in the error shape.
 */
final class ClientPort {

  static final int MAX_WEBSOCKET_FRAME = 16 * 1024 * 1024;
  private static final int MAX_CHUNK = 64 * 1024;

  private ClientPort() {}

  /** Listens; completes with the servers (they share the port). */
  static Future<List<HttpServer>> listen(Vertx vertx, GatewayConfig.Server s, Tls tls,
      Handler<HttpServerRequest> handler, Closers closers) {
    int port = s.port() == 0 ? -1 : s.port(); // negative: one shared ephemeral port for every instance
    List<HttpServer> servers = new CopyOnWriteArrayList<>();
    Supplier<Deployable> instance = () -> context -> InvalidRequests.guard(vertx.createHttpServer(options(s, tls)), handler)
        .listen(port, s.host()).onSuccess(servers::add).onSuccess(tls::watchClientPort);
    return vertx.deployVerticle(instance, new DeploymentOptions().setInstances(eventLoops()))
        .recover(PortInUse.named("server.port", s.port()))
        .map(deployment -> {
          closers.add(() -> vertx.undeploy(deployment));
          return List.copyOf(servers);
        });
  }

  private static int eventLoops() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  private static HttpServerOptions options(GatewayConfig.Server s, Tls tls) {
    return tls.server(new HttpServerOptions())
        // Clients sending Expect: 100-continue (curl, for large bodies) start at once instead of waiting 1 s.
        .setHandle100ContinueAutomatically(true)
        // No h2c: its preface detection holds a connection outside the HTTP handlers, where a reset logs SEVERE.
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout(s.idleTimeoutSeconds())
        .setMaxInitialLineLength(s.maxInitialLineLength())
        .setMaxHeaderSize(s.maxHeaderSize())
        // Body chunks as large as a socket read (Netty's default cuts them at 8 KiB): a GB is about 16,000 chunks
        // through the tee instead of 122,000, each piped, hashed, written upstream and to the journal.
        .setMaxChunkSize(MAX_CHUNK)
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME);
  }
}
