package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.logging.Logger;

/**
 * POST /v1/register_callback and /v1/unregister_callback; event loop only. The upstream's limit of 20 new
 * registrations per hour is not simulated (the gateway's DR drills re-register freely).
 */
record CallbackRoutes(CallbackRegistry callbacks, SimulatorCounters counters) {

  private static final Logger LOG = Logger.getLogger(CallbackRoutes.class.getName());

  void mount(Router router, String base) {
    router.post(base + "/v1/register_callback").handler(this::register);
    router.post(base + "/v1/unregister_callback").handler(this::unregister);
  }

  private void register(RoutingContext ctx) {
    String url = ctx.request().getParam("callback_url");
    String secret = ctx.request().getParam("user_secret");
    validUrl(url)
        .compose(valid -> callbacks.register(valid, secret))
        .compose(outcome -> {
          boolean created = outcome == CallbackRegistry.Outcome.CREATED;
          if (created) {
            counters.callbackRegistered();
            LOG.info(() -> "simulator: callback allowlisted " + url + (secret == null ? "" : " (signed)"));
          }
          JsonObject body = new JsonObject().put("status", created ? "created" : "already created").put("url", url);
          return Replies.json(ctx.response(), created ? 201 : 200, body);
        })
        .onFailure(ctx::fail);
  }

  // UNCONFIRMED upstream behaviour: chose 404 for a never-registered URL because it says exactly "nothing to remove".
  private void unregister(RoutingContext ctx) {
    String url = ctx.request().getParam("callback_url");
    validUrl(url)
        .compose(valid -> callbacks.unregister(valid)
            ? ctx.response().setStatusCode(200).end()
            : Future.failedFuture(ApiException.notFound("callback url '" + valid + "' is not registered")))
        .onSuccess(v -> LOG.info(() -> "simulator: callback unregistered " + url))
        .onFailure(ctx::fail);
  }

  /** An absolute http(s) URL, already percent-decoded by the query parser. */
  private static Future<String> validUrl(String url) {
    if (url == null || url.isBlank()) {
      return Future.failedFuture(ApiException.badRequest("Missing required query parameter 'callback_url'"));
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (uri.getHost() != null && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        return Future.succeededFuture(url);
      }
    } catch (URISyntaxException e) {
      // falls through to the same message as a non-http URL
    }
    return Future.failedFuture(ApiException.badRequest("invalid callback url '" + url
        + "' (expected: an absolute http or https URL)"));
  }
}
