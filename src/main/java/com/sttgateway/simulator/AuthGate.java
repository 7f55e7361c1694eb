package com.sttgateway.simulator;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Checks the credential of every API call: Basic "apikey:KEY", Bearer KEY, or Bearer with a token the IAM stand-in
 * issued and that has not expired; any other credential when no key is configured (one service instance: every
 * credential sees every job). An expired token of ours is refused either way. Any event loop.
 */
record AuthGate(String apiKey, IssuedTokens issued) implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (RecognizeSocket.isUpgrade(request) ? acceptsWebSocket(request) : accepts(request)) {
      ctx.next();
    } else {
      ctx.fail(ApiException.unauthorized());
    }
  }

  /** The WebSocket may also carry its token as the access_token query parameter. */
  private boolean acceptsWebSocket(HttpServerRequest request) {
    String token = request.getParam("access_token");
    return accepts(request) || (token != null && acceptsBearer(token));
  }

  private boolean accepts(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      return false;
    }
    int space = header.indexOf(' ');
    if (space < 0) {
      return false;
    }
    String scheme = header.substring(0, space);
    String credential = header.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Bearer")) {
      return acceptsBearer(credential);
    }
    return scheme.equalsIgnoreCase("Basic") && acceptsBasic(credential);
  }

  private boolean acceptsBearer(String token) {
    return switch (issued.verdict(token)) {
      case VALID -> true;
      case EXPIRED -> false;
      case UNKNOWN -> apiKey == null ? !token.isEmpty() : constantTimeEquals(token, apiKey);
    };
  }

  private boolean acceptsBasic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    if (apiKey == null) {
      return true;
    }
    return decoded.substring(0, colon).equals("apikey") && constantTimeEquals(decoded.substring(colon + 1), apiKey);
  }

  private static boolean constantTimeEquals(String given, String expected) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
