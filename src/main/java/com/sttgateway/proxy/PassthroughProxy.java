package com.sttgateway.proxy;

import com.sttgateway.GatewayException;
import com.sttgateway.upstream.UpstreamSignals;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Forwards any request to the upstream and streams both bodies with backpressure, nothing buffered whole.
 * WebSocket upgrades go to {@link WebSocketProxy}. Connect failures and answers are reported to the upstream's
 * health monitor as passive signals. Event loop only.
 */
public final class PassthroughProxy implements Handler<HttpServerRequest> {

  private static final Logger LOG = Logger.getLogger(PassthroughProxy.class.getName());

  private final HttpClient client;
  private final UpstreamTarget target;
  private final WebSocketProxy webSockets;
  private final long idleTimeoutMillis;
  private final UpstreamSignals signals;

  public PassthroughProxy(HttpClient client, UpstreamTarget target, WebSocketProxy webSockets, long idleTimeoutMillis,
      UpstreamSignals signals) {
    this.client = client;
    this.target = target;
    this.webSockets = webSockets;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.signals = signals;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (WebSocketProxy.isUpgrade(request)) {
      webSockets.handle(request);
      return;
    }
    request.pause();
    client.request(target.requestOptions(request.method(), request.uri()).setIdleTimeout(idleTimeoutMillis))
        .onFailure(err -> signals.connectFailed())
        .compose(upstream -> forward(request, upstream))
        .onSuccess(response -> signals.answered(response.statusCode()))
        .compose(response -> relay(response, request.response()))
        .onFailure(err -> fail(request, err));
  }

  private Future<HttpClientResponse> forward(HttpServerRequest request, HttpClientRequest upstream) {
    HopByHop.copy(request.headers(), upstream.headers(), Set.of());
    // Failures also fail upstream.response(), which is handled; without this Vert.x logs each one as SEVERE
    // (every client that disconnects mid-upload resets its upstream request).
    upstream.exceptionHandler(err -> LOG.fine(() -> "upstream request " + request.method() + " " + request.path()
        + " ended: " + err));
    String length = request.getHeader("Content-Length");
    if (length == null && request.getHeader("Transfer-Encoding") == null) {
      request.resume();
      return upstream.send();
    }
    if (length != null) {
      upstream.putHeader("Content-Length", length);
    } else {
      upstream.setChunked(true);
    }
    // A client that disconnects mid-upload must not look like a complete (shorter) chunked body upstream.
    request.pipe().endOnFailure(false).to(upstream).onFailure(err -> upstream.reset(0, err));
    return upstream.response();
  }

  /** Streams the upstream response to the client; a broken upstream body resets the client instead of ending it. */
  public static Future<Void> relay(HttpClientResponse upstream, HttpServerResponse response) {
    response.setStatusCode(upstream.statusCode()).setStatusMessage(upstream.statusMessage());
    HopByHop.copy(upstream.headers(), response.headers(), Set.of());
    String length = upstream.getHeader("Content-Length");
    if (length != null) {
      response.putHeader("Content-Length", length);
    } else if (hasBody(upstream)) {
      response.setChunked(true);
    } else {
      return upstream.end().compose(v -> response.end());
    }
    return upstream.pipe().endOnFailure(false).to(response).onFailure(err -> response.reset());
  }

  private static boolean hasBody(HttpClientResponse upstream) {
    int status = upstream.statusCode();
    return upstream.request().getMethod() != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200;
  }

  private void fail(HttpServerRequest request, Throwable err) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    GatewayException error = toGatewayError(err);
    LOG.fine(() -> request.method() + " " + request.path() + " failed upstream: " + err);
    error.respond(response);
  }

  public static GatewayException toGatewayError(Throwable err) {
    if (err instanceof GatewayException g) {
      return g;
    }
    if (err instanceof TimeoutException) {
      return new GatewayException(504, "upstream did not answer in time: " + err.getMessage());
    }
    return new GatewayException(502, "upstream unreachable: " + err.getMessage());
  }
}
