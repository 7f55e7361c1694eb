package com.sttgateway.proxy;

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
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Forwards any request to the upstream and streams both bodies with backpressure, nothing buffered whole.
 * WebSocket upgrades go to {@link WebSocketProxy}. Connect failures and answers are reported to the upstream's
 * health monitor as passive signals. Event loop only.
 */
public record PassthroughProxy(HttpClient client, UpstreamTarget target, WebSocketProxy webSockets,
    long idleTimeoutMillis, UpstreamSignals signals) implements Handler<HttpServerRequest> {

  private static final Logger LOG = Logger.getLogger(PassthroughProxy.class.getName());

  @Override
  public void handle(HttpServerRequest request) {
    forward(request, request.uri());
  }

  /** Forwards {@code request} as if the client had asked for {@code clientUri} (a route that rewrites ids). */
  public void forward(HttpServerRequest request, String clientUri) {
    if (WebSocketProxy.isUpgrade(request)) {
      webSockets.handle(request, clientUri);
      return;
    }
    request.pause();
    Supplier<Future<HttpClientResponse>> attempt = () -> client.request(target.requestOptions(request.method(),
            clientUri).setIdleTimeout(idleTimeoutMillis))
        .onFailure(err -> signals.connectFailed())
        .compose(upstream -> forward(request, upstream));
    (bodiless(request) ? UpstreamCalls.retriedOnce(request.method(), attempt) : attempt.get())
        .onSuccess(response -> signals.answered(response.statusCode(), request.getHeader("Authorization")))
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
    if (bodiless(request)) {
      request.resume();
      return upstream.send();
    }
    if (length != null) {
      upstream.putHeader("Content-Length", length);
    } else {
      upstream.setChunked(true);
    }
    ExpectContinue.goAhead(upstream).onComplete(v -> {
      if (upstream.response().isComplete()) {
        request.handler(chunk -> {}).resume(); // answered first: the client still gets to read the answer
        UnfinishedRequests.closeAfterAnswer(upstream);
      } else {
        streamBody(request, upstream);
      }
    });
    return upstream.response();
  }

  /**
   * Copies the client's body to the upstream with backpressure. A client that disconnects mid-upload resets the
   * upstream request (it must not look like a complete, shorter body). An upstream that answers early and closes
   * (a 401 before a large body is read) is not reset: its answer is on the way, and the rest of the body is read
   * and dropped so that the client can read it too.
   */
  static void streamBody(HttpServerRequest request, HttpClientRequest upstream) {
    request.handler(chunk -> {
      upstream.write(chunk);
      if (upstream.writeQueueFull()) {
        request.pause();
        upstream.drainHandler(v -> request.resume());
      }
    });
    request.exceptionHandler(err -> upstream.reset(0, err));
    request.endHandler(v -> upstream.end());
    upstream.exceptionHandler(err -> request.resume()); // closed: nothing will drain it
    request.resume();
  }

  /** Streams the upstream response to the client; a broken upstream body resets the client instead of ending it. */
  public static Future<Void> relay(HttpClientResponse upstream, HttpServerResponse response) {
    if (response.ended() || response.closed()) { // answered already (a body that broke framing) or the client left
      upstream.exceptionHandler(err -> {}); // the reset below, which nobody needs to hear about
      UnfinishedRequests.abandon(upstream.request(), new IllegalStateException("the client's exchange is over"));
      return Future.succeededFuture();
    }
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

  private static boolean bodiless(HttpServerRequest request) {
    return request.getHeader("Content-Length") == null && request.getHeader("Transfer-Encoding") == null;
  }

  private static boolean hasBody(HttpClientResponse upstream) {
    int status = upstream.statusCode();
    return upstream.request().getMethod() != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200;
  }

  private void fail(HttpServerRequest request, Throwable err) {
    LOG.fine(() -> request.method() + " " + request.path() + " failed upstream: " + err);
    FrontDoor.fail(request, err);
  }
}
