package com.sttgateway.jobs;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The tenant fingerprint of a request: SHA-256 of its Authorization header, never the secret itself. A rotating
 * bearer token (IAM) is a different fingerprint after each refresh; only queued jobs, answered from the journal,
 * depend on it (a job the upstream knows is checked by the upstream).
 */
public final class Tenant {

  private Tenant() {}

  public static String of(HttpServerRequest request) {
    String auth = request.getHeader("Authorization");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((auth == null ? "" : auth).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
