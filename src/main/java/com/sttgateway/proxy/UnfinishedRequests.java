package com.sttgateway.proxy;

import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * Upstream requests whose body will never be sent in full. Their connection cannot carry another request: the
 * upstream would read the next request as the rest of this body. So it is closed, never handed back to the pool.
 * A reset alone is not enough: Vert.x (5.0, {@code Http1xClientConnection.reset}) closes the connection only while
 * the answer is still due; after the answer has ended it recycles the connection into the pool as it is. Left
 * neither ended nor reset, the connection stays out of the pool for good, and enough of them (bench/fuzz: 512 in
 * 30 s) leave every later request waiting for a connection. Event loop of the request.
 */
public final class UnfinishedRequests {

  private UnfinishedRequests() {}

  /** The upstream answered before it had the body: its connection is closed once the answer has been read. */
  public static void closeAfterAnswer(HttpClientRequest upstream) {
    upstream.response().compose(HttpClientResponse::end).onComplete(v -> upstream.connection().close());
  }

  /** The body is given up (its answer, if any, has been read): the request fails and its connection closes. */
  public static void abandon(HttpClientRequest upstream, Throwable cause) {
    upstream.reset(0, cause);
    upstream.connection().close();
  }
}
