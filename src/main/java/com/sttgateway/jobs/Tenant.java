package com.sttgateway.jobs;

import com.sttgateway.upstream.Vouches;
import io.vertx.core.http.HttpServerRequest;

/**
 * The tenant fingerprint of a request: SHA-256 of its Authorization header, never the secret itself. A rotating
 * bearer token (IAM) is a different fingerprint after each refresh; only queued jobs, answered from the journal,
 * depend on it (a job the upstream knows is checked by the upstream).
 */
public final class Tenant {

  private Tenant() {}

  public static String of(HttpServerRequest request) {
    return Vouches.fingerprint(request.getHeader("Authorization"));
  }
}
