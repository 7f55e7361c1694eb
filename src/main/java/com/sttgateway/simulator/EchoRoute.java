package com.sttgateway.simulator;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Test aids, not upstream routes: POST {basePath}/__sim/echo streams the request body straight back with
 * backpressure (hundreds of MB through the gateway both ways); GET {basePath}/__sim/headers answers the request
 * headers it received as JSON with lower-case names (what a proxy forwarded). Event loop only.
 */
final class EchoRoute {

  void mount(Router router, String base) {
    router.post(base + "/__sim/echo").handler(this::echo);
    router.get(base + "/__sim/headers").handler(this::headers);
  }

  private void headers(RoutingContext ctx) {
    JsonObject seen = new JsonObject();
    ctx.request().headers().forEach(h -> seen.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    ctx.json(seen);
  }

  private void echo(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      response.writeContinue(); // curl asks before large uploads and would otherwise wait a second
    }
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    response.putHeader(HttpHeaders.CONTENT_TYPE, type == null ? "application/octet-stream" : type);
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    }
    response.send(request).onFailure(ctx::fail);
  }
}
