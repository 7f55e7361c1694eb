package com.sttgateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;

/**
 * Calls the gateway makes to the upstream on a client's behalf: with the client's own headers (its credentials),
 * as the passthrough would, but addressed by the gateway (upstream ids, base paths). Event loop only.
 */
public final class UpstreamCalls {

  private final HttpClient client;
  private final UpstreamTarget target;
  private final long idleTimeoutMillis;

  public UpstreamCalls(HttpClient client, UpstreamTarget target, long idleTimeoutMillis) {
    this.client = client;
    this.target = target;
    this.idleTimeoutMillis = idleTimeoutMillis;
  }

  /** Opens a request that will carry the client's body (written by the caller). */
  public Future<HttpClientRequest> open(HttpServerRequest request, String upstreamUri) {
    return client.request(target.requestOptions(HttpMethod.POST, upstreamUri).setIdleTimeout(idleTimeoutMillis))
        .map(up -> {
          HopByHop.copy(request.headers(), up.headers(), Set.of());
          String length = request.getHeader("Content-Length");
          if (length != null) {
            up.putHeader("Content-Length", length);
          } else {
            up.setChunked(true);
          }
          return up;
        });
  }

  /** A bodiless call with the client's headers; the whole answer is read. */
  public Future<UpstreamReply> send(HttpServerRequest request, HttpMethod method, String upstreamUri) {
    return client.request(target.requestOptions(method, upstreamUri).setIdleTimeout(idleTimeoutMillis))
        .compose(up -> {
          HopByHop.copy(request.headers(), up.headers(), Set.of());
          return up.send().compose(UpstreamReply::read); // nested: see UpstreamReply
        });
  }

  /** Deletes an upstream job (undoing a submission the journal could not record). */
  public Future<Void> delete(HttpServerRequest request, String upstreamUri) {
    return send(request, HttpMethod.DELETE, upstreamUri).compose(reply -> reply.status() == 204
        ? Future.succeededFuture()
        : Future.failedFuture("upstream answered " + reply.status() + " to the delete"));
  }
}
