package com.sttgateway.jobs;

import com.sttgateway.GatewayException;
import com.sttgateway.upstream.Vouches;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who may have a job queued while the upstream cannot vouch for the credential (down, failing, silent): only a
 * credential the upstream accepted recently ({@link Vouches#RECENTLY}). No credential at all: 401, as the upstream
 * would answer; any other: 503 with Retry-After, so the client retries once the upstream can check it (P7).
 */
record QueueAdmission(Vouches vouches) {

  /** Null when the request's credential may queue a job; otherwise the refusal to answer. */
  GatewayException refusal(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null || authorization.isBlank()) {
      return new GatewayException(401, "Unauthorized: no credential, and the upstream cannot check one now");
    }
    return vouches.vouched(authorization) ? null : GatewayException.unavailable("the upstream is unavailable and has "
        + "not accepted this credential recently, so the job cannot be queued; retry later", 30);
  }
}
