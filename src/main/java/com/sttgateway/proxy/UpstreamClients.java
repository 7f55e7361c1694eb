package com.sttgateway.proxy;

import com.sttgateway.config.GatewayConfig;
import com.sttgateway.tls.Tls;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * The clients the gateway talks to the upstream with (the CA bundle of {@code upstream.caPath} trusted besides the
 * JDK's): one pooled HTTP client for every proxied and own call, one for WebSockets, and a one-connection client for
 * the health probe, so a pool full of long uploads never makes the probe look like an outage.
 */
public record UpstreamClients(HttpClient http, WebSocketClient webSockets, HttpClient probes) {

  public static UpstreamClients create(Vertx vertx, GatewayConfig.Upstream up, GatewayConfig.Server server, Tls tls,
      int maxWebSocketFrame) {
    HttpClient http = vertx.createHttpClient(tls.client(new HttpClientOptions())
            .setConnectTimeout(up.connectTimeoutMillis())
            .setKeepAlive(true)
            .setMaxInitialLineLength(server.maxInitialLineLength())
            .setMaxHeaderSize(server.maxHeaderSize()),
        new PoolOptions().setHttp1MaxSize(up.maxConnections()));
    WebSocketClient webSockets = vertx.createWebSocketClient(tls.client(new WebSocketClientOptions())
        .setConnectTimeout(up.connectTimeoutMillis())
        .setMaxFrameSize(maxWebSocketFrame)
        .setIdleTimeout(up.idleTimeoutSeconds()));
    HttpClient probes = vertx.createHttpClient(tls.client(new HttpClientOptions()
        .setConnectTimeout(up.connectTimeoutMillis())), new PoolOptions().setHttp1MaxSize(1));
    return new UpstreamClients(http, webSockets, probes);
  }

  public io.vertx.core.Future<Void> close() {
    return io.vertx.core.Future.join(http.close(), webSockets.close(), probes.close()).mapEmpty();
  }
}
