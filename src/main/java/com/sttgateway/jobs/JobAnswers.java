package com.sttgateway.jobs;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.proxy.Query;
import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/** The answers the job routes share: JSON from the journal, the upstream's as it came, a job that is not there. */
final class JobAnswers {

  private JobAnswers() {}

  static void send(HttpServerRequest request, JsonObject body) {
    request.response().putHeader("Content-Type", "application/json").end(body.toBuffer());
  }

  static Future<Void> relay(HttpServerRequest request, UpstreamReply reply) {
    reply.relay(request.response(), null);
    return Future.succeededFuture();
  }

  /** A job's status without its results (what the journal keeps and lists). */
  static JsonObject statusOnly(JsonObject body) {
    JsonObject copy = body.copy();
    copy.remove("results");
    return copy;
  }

  /** The request comes with the credential that submitted the job (its fingerprint). */
  static boolean sameTenant(HttpServerRequest request, JobRecord record) {
    return record.tenant().equals(Tenant.of(request));
  }

  /** What the upstream answers for an unknown job, also for a job of another tenant (no existence leak). */
  /**
   * Puts back the {@code user_token} the client gave the job, where an upstream body names one: a resubmission in
   * relay mode carries the gateway's marker instead (RelayRewrite.marked). The upstream lists a token only for a
   * job with a callback URL and a token (UNCONFIRMED whether a check names it; handled the same way).
   */
  static void clientToken(JsonObject upstreamBody, JobRecord r) {
    if (!upstreamBody.containsKey("user_token")) {
      return;
    }
    String token = Query.firstOrNull(r.query(), "user_token");
    if (token != null && r.callbackUrl() != null) {
      upstreamBody.put("user_token", token);
    } else {
      upstreamBody.remove("user_token");
    }
  }

  static GatewayException notFound(String id) {
    return new GatewayException(404, "Job " + id + " was not found");
  }
}
