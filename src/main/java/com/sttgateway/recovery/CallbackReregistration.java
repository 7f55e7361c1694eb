package com.sttgateway.recovery;

import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.CallbackRegistration;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.UpstreamReply;
import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Registers every journaled callback URL upstream again (expect {@code 200 already created} when nothing was
 * lost), URLs that unfinished jobs use first, and never more than 20 new registrations in any hour (the service's
 * limit). A {@code 400} (the client's server no longer answers the challenge) is recorded and retried next run.
 * Event loop only.
 */
final class CallbackReregistration {

  private static final Logger LOG = Logger.getLogger(CallbackReregistration.class.getName());
  private static final int PER_HOUR = 20;

  private final HttpClient client;
  private final UpstreamTarget target;
  private final CallbackJournal callbacks;
  private final JobJournal jobs;
  private final SecretBox secrets;
  private final ReplayCredentials credentials;
  private final GatewayMetrics metrics;
  private final Deque<Instant> created = new ArrayDeque<>();

  CallbackReregistration(HttpClient client, UpstreamTarget target, CallbackJournal callbacks, JobJournal jobs,
      SecretBox secrets, ReplayCredentials credentials, GatewayMetrics metrics) {
    this.metrics = metrics;
    this.client = client;
    this.target = target;
    this.callbacks = callbacks;
    this.jobs = jobs;
    this.secrets = secrets;
    this.credentials = credentials;
  }

  /** Re-registers what it may now; returns how many the upstream newly created (201). */
  Future<Integer> reregisterAll() {
    return Future.all(callbacks.list(), jobs.findByState(JobState.unfinishedStates())).compose(both -> {
      List<CallbackRegistration> all = both.resultAt(0);
      List<JobRecord> pending = both.resultAt(1);
      // URLs that unfinished jobs use go first (false sorts before true); each is looked up once.
      Map<CallbackRegistration, Boolean> unused = new HashMap<>();
      all.forEach(r -> unused.put(r, pending.stream().noneMatch(j -> j.query().contains(encode(r.url())))));
      List<CallbackRegistration> ordered = all.stream().sorted(Comparator.comparing(unused::get)).toList();
      Future<Integer> chain = Future.succeededFuture(0);
      for (CallbackRegistration r : ordered) {
        chain = chain.compose(n -> withinLimit() ? register(r).map(c -> n + c) : Future.succeededFuture(n));
      }
      return chain;
    });
  }

  private boolean withinLimit() {
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    while (!created.isEmpty() && created.peekFirst().isBefore(hourAgo)) {
      created.removeFirst();
    }
    return created.size() < PER_HOUR;
  }

  private Future<Integer> register(CallbackRegistration r) {
    String query = "callback_url=" + encode(r.url())
        + (r.encryptedSecret() == null ? "" : "&user_secret=" + encode(secrets.decrypt(r.encryptedSecret())));
    String uri = target.basePath() + "/v1/register_callback?" + query;
    return credentialFor(r)
        .compose(auth -> client.request(target.requestOptions(HttpMethod.POST, uri))
            .compose(req -> req.putHeader("Authorization", auth).putHeader("Accept", "application/json").send()
                .compose(UpstreamReply::read)))
        .compose(reply -> {
          if (reply.status() == 201) {
            created.addLast(Instant.now());
          }
          metrics.reregistration(reply.status() == 201 ? "created" : reply.status() < 300 ? "existing" : "refused");
          String result = reply.status() + " " + (reply.status() < 300 ? reply.json().getString("status", "")
              : "refused");
          return callbacks.save(r.withResult(result, Instant.now())).map(reply.status() == 201 ? 1 : 0);
        })
        .recover(err -> {
          LOG.warning("callback re-registration failed for " + withoutQuery(r.url()) + ": " + err.getMessage());
          metrics.reregistration("failed");
          return callbacks.save(r.withResult("failed: " + err.getMessage(), Instant.now())).map(0).otherwise(0);
        });
  }

  /** A configured service credential, or in client mode one kept from a job of the same tenant. */
  private Future<String> credentialFor(CallbackRegistration r) {
    return jobs.findByTenant(r.tenant(), EnumSet.allOf(JobState.class)).compose(owned -> owned.stream()
        .filter(j -> j.sealedAuthorization() != null).findFirst()
        .map(credentials::authorization)
        .orElseGet(credentials::serviceAuthorization));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }
}
