package com.sttgateway.upstream;

import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Instant;

/**
 * One {@code GET} of the probe path under the upstream's base path, without credentials. Never fails: a failure
 * is a {@link ProbeResult}. Callbacks run on the caller's context.
 */
final class Probe {

  private final HttpClient client;
  private final RequestOptions options;

  Probe(HttpClient client, UpstreamTarget target, String path) {
    this.client = client;
    this.options = target.requestOptions(HttpMethod.GET, path);
  }

  /** The timeout bounds both getting a connection and each wait for data. */
  Future<ProbeResult> run(long timeoutMillis) {
    Instant at = Instant.now();
    Future<HttpClientRequest> pending;
    try {
      pending = client.request(new RequestOptions(options).setTimeout(timeoutMillis));
    } catch (IllegalStateException closed) { // a tick racing the gateway's shutdown
      return Future.succeededFuture(ProbeResult.failed(at, closed));
    }
    return pending
        .compose(request -> request.send().compose(response -> response.end().map(response.statusCode())))
        .map(status -> ProbeResult.answered(at, status))
        .otherwise(error -> ProbeResult.failed(at, error));
  }

  @Override
  public String toString() {
    return "GET " + (options.isSsl() ? "https://" : "http://") + options.getHost() + ":" + options.getPort()
        + options.getURI();
  }
}
