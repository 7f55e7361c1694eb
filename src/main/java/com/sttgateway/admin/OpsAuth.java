package com.sttgateway.admin;

import com.sttgateway.GatewayException;
import com.sttgateway.config.Secret;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Lets a request through when it carries {@code Authorization: Bearer <admin.token>}, else answers 401 in the error
 * shape with {@code WWW-Authenticate: Bearer}. No token configured: everything passes (the port is then bound to
 * loopback only, which Gateway enforces at start). Compares SHA-256 digests with MessageDigest.isEqual, so neither
 * the content nor the length of the token leaks through timing. Event loop only.
 */
final class OpsAuth implements Handler<RoutingContext> {

  private final byte[] expected;

  OpsAuth(Secret token) {
    this.expected = token.isSet() ? digest("Bearer " + token.value()) : null;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader("Authorization");
    if (expected == null || given != null && MessageDigest.isEqual(expected, digest(given.strip()))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    new GatewayException(401, given == null ? "Unauthorized: this admin port needs Authorization: Bearer <token>"
        : "Unauthorized: wrong token").respond(ctx.response());
  }

  private static byte[] digest(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
