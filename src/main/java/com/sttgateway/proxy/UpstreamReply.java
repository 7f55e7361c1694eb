package com.sttgateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** A whole (small) upstream answer to a job call: status, headers, body. */
public record UpstreamReply(int status, MultiMap headers, Buffer body) {

  public static io.vertx.core.Future<UpstreamReply> read(HttpClientResponse response) {
    return response.body().map(b -> new UpstreamReply(response.statusCode(), response.headers(), b));
  }

  public JsonObject json() {
    return body.toJsonObject();
  }

  /** Sends this answer to the client as it came (hop-by-hop headers dropped), optionally with a new body. */
  public void relay(HttpServerResponse response, Buffer newBody) {
    response.setStatusCode(status);
    HopByHop.copy(headers, response.headers(), Set.of());
    response.end(newBody == null ? body : newBody);
  }
}
