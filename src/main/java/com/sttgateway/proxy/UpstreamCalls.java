package com.sttgateway.proxy;

import com.sttgateway.upstream.UpstreamSignals;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Calls the gateway makes to the upstream on a client's behalf: with the client's own headers (its credentials),
 * as the passthrough would, but addressed by the gateway (upstream ids, base paths). Like the passthrough, each
 * call reports connect failures and answers to the health monitor. Event loop only.
 */
public record UpstreamCalls(HttpClient client, UpstreamTarget target, long idleTimeoutMillis, UpstreamSignals signals) {

  /**
   * Opens a request that will carry the client's body (written by the caller). A pooled connection that closed as
   * it was handed out (the upstream had ended it with its last answer) is no outage: one more is tried.
   */
  public Future<HttpClientRequest> open(HttpServerRequest request, String upstreamUri) {
    return connect(target.requestOptions(HttpMethod.POST, upstreamUri), request)
        .recover(err -> err instanceof HttpClosedException
            ? connect(target.requestOptions(HttpMethod.POST, upstreamUri), request) : Future.failedFuture(err))
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
    return retriedOnce(method, () -> connect(target.requestOptions(method, upstreamUri), request)
        .compose(up -> {
          HopByHop.copy(request.headers(), up.headers(), Set.of());
          return up.send().compose(UpstreamReply::read); // nested: see UpstreamReply
        }));
  }

  /**
   * A bodiless {@code attempt} with an idempotent method is tried once more when its connection closed with no
   * answer: a pooled connection the upstream ended just as it was reused (nginx's {@code proxy_next_upstream} does
   * the same for idempotent requests). A repeated DELETE that had taken effect answers 404 the second time.
   */
  static <T> Future<T> retriedOnce(HttpMethod method, Supplier<Future<T>> attempt) {
    boolean idempotent = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.DELETE
        || method == HttpMethod.OPTIONS;
    return attempt.get().recover(err -> idempotent && err instanceof HttpClosedException ? attempt.get()
        : Future.failedFuture(err));
  }

  /**
   * A bodiless call the gateway makes on its own (recovery, relay registration) with {@code authorization}
   * (none when null); the whole answer is read.
   */
  public Future<UpstreamReply> call(HttpMethod method, String upstreamUri, String authorization) {
    return client.request(target.requestOptions(method, upstreamUri).setIdleTimeout(idleTimeoutMillis))
        .onFailure(err -> signals.connectFailed())
        .compose(up -> {
          if (authorization != null) {
            up.putHeader("Authorization", authorization);
          }
          return up.putHeader("Accept", "application/json").send().compose(UpstreamReply::read);
        })
        .onSuccess(reply -> signals.answered(reply.status(), authorization));
  }

  /** The upstream's base path (before {@code /v1/...}). */
  public String basePath() {
    return target.basePath();
  }

  /** A request on a pooled connection; failing to get one, and the answer's status, reach the health monitor. */
  private Future<HttpClientRequest> connect(RequestOptions options, HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    return client.request(options.setIdleTimeout(idleTimeoutMillis))
        .onFailure(err -> signals.connectFailed())
        .onSuccess(up -> up.response().onSuccess(answer -> signals.answered(answer.statusCode(), authorization)));
  }

  /** Deletes an upstream job (undoing a submission the journal could not record). */
  public Future<Void> delete(HttpServerRequest request, String upstreamUri) {
    return send(request, HttpMethod.DELETE, upstreamUri).compose(reply -> reply.status() == 204
        ? Future.succeededFuture()
        : Future.failedFuture("upstream answered " + reply.status() + " to the delete"));
  }
}
