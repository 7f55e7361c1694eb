package com.sttgateway.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code POST /identity/token}: a stand-in for IBM Cloud IAM's API-key grant, the exchange the SDK's
 * IamAuthenticator makes. It sits outside the base path, needs no Authorization, and is a separate service: the STT
 * faults (503 mode, throttling, latency) do not touch it, though REFUSE mode closes its port too. Event loop of the
 * request; the token store is thread-safe.
 */
record IamEndpoint(IssuedTokens tokens, String apiKey, Duration ttl, SimulatorCounters counters) {

  static final String PATH = "/identity/token";
  static final String API_KEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey";
  private static final int MAX_FORM_BYTES = 16 * 1024;

  /** Mount before the API's catch-all auth route: with an empty base path that route matches this path too. */
  void mount(Router router) {
    router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES)).handler(this::issue);
  }

  private void issue(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String grant = form.get("grant_type");
    String key = form.get("apikey");
    if (!API_KEY_GRANT.equals(grant)) {
      // UNCONFIRMED upstream behaviour: chose IAM's "unsupported grant type" code for a missing or other grant.
      refuse(ctx, "BXNIM0103E", "Grant type is not supported.");
    } else if (key == null || key.isEmpty()) {
      // UNCONFIRMED upstream behaviour: chose IAM's "property missing or empty" code for a missing apikey.
      refuse(ctx, "BXNIM0109E", "Property missing or empty.");
    } else if (apiKey != null && !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
        apiKey.getBytes(StandardCharsets.UTF_8))) {
      refuse(ctx, "BXNIM0415E", "Provided API key could not be found.");
    } else {
      Instant expires = Instant.now().plus(ttl);
      counters.iamTokenIssued();
      Replies.json(ctx.response(), 200, new JsonObject()
          .put("access_token", tokens.issue(expires))
          .put("refresh_token", "not_supported")
          .put("token_type", "Bearer")
          .put("expires_in", ttl.toSeconds())
          .put("expiration", expires.getEpochSecond())
          .put("scope", "ibm openid"));
    }
  }

  /** IAM's own error shape, not the STT one. */
  private static void refuse(RoutingContext ctx, String code, String message) {
    Replies.json(ctx.response(), 400, new JsonObject().put("errorCode", code).put("errorMessage", message));
  }
}
