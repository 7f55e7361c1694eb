package com.sttgateway.recovery;

import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.CallbackRegistration;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.UpstreamCalls;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Registers every journaled callback URL upstream again (expect {@code 200 already created} when nothing was
 * lost), URLs that unfinished jobs use first, and never more than 20 new registrations in any hour (the service's
 * limit). A {@code 400} (the client's server no longer answers the challenge) is recorded and retried next run;
 * meanwhile jobs naming that URL are held, since the upstream would refuse them too. Event loop only.
 */
final class CallbackReregistration {

  private static final Logger LOG = Logger.getLogger(CallbackReregistration.class.getName());
  private static final int PER_HOUR = 20;

  private final UpstreamCalls upstream;
  private final CallbackJournal callbacks;
  private final JobJournal jobs;
  private final SecretBox secrets;
  private final ReplayCredentials credentials;
  private final GatewayMetrics metrics;
  private final Deque<Instant> created = new ArrayDeque<>();
  private final String relayUrl;
  private volatile boolean relayRegistered;

  /** {@code relayUrl}: relay mode registers only this URL upstream (clients' URLs stay with the gateway). */
  CallbackReregistration(UpstreamCalls upstream, CallbackJournal callbacks, JobJournal jobs,
      SecretBox secrets, ReplayCredentials credentials, GatewayMetrics metrics, String relayUrl) {
    this.metrics = metrics;
    this.relayUrl = relayUrl;
    this.upstream = upstream;
    this.callbacks = callbacks;
    this.jobs = jobs;
    this.secrets = secrets;
    this.credentials = credentials;
  }

  /** What one pass did: registrations the upstream newly created, and URLs not registered now (refused or held). */
  record Outcome(int created, Set<String> unregistered, String relayUrl) {
    /** True when the URL the job goes upstream with is not registered now: resubmitting it would fail. */
    boolean waits(JobRecord job) {
      String url = job.callbackUrl();
      // In relay mode every job that names a callback goes upstream with the relay URL instead.
      return url != null && unregistered.contains(relayUrl != null ? relayUrl : url);
    }
  }

  /**
   * True when the last pass left the relay URL registered upstream: jobs may go with it whether or not they name a
   * callback (the marker of RelayRewrite.marked). Always false in direct mode. Any thread.
   */
  boolean relayRegistered() {
    return relayRegistered;
  }

  /** Re-registers what it may now (every URL, within the hourly limit). */
  Future<Outcome> reregisterAll() {
    return Future.all(callbacks.list(), jobs.findByState(JobState.unfinishedStates())).compose(both -> {
      List<JobRecord> pending = both.resultAt(1);
      // Relay mode: only the relay URL, and only while jobs need it (an idle gateway neither asks nor warns).
      List<CallbackRegistration> all = relayUrl == null ? both.resultAt(0) : pending.isEmpty() ? List.of()
          : both.<List<CallbackRegistration>>resultAt(0).stream().filter(r -> r.url().equals(relayUrl)).toList();
      // URLs that unfinished jobs use go first (false sorts before true).
      Set<String> used = pending.stream().map(JobRecord::callbackUrl).collect(Collectors.toSet());
      List<CallbackRegistration> ordered = all.stream()
          .sorted(Comparator.comparing((CallbackRegistration r) -> !used.contains(r.url()))).toList();
      Set<String> unregistered = new HashSet<>();
      Future<Integer> chain = Future.succeededFuture(0);
      for (CallbackRegistration r : ordered) {
        chain = chain.compose(n -> withinLimit() ? register(r, pending).map(status -> {
          if (status != 200 && status != 201) {
            unregistered.add(r.url());
          }
          return status == 201 ? n + 1 : n;
        }) : Future.succeededFuture(n).andThen(v -> unregistered.add(r.url())));
      }
      return chain.map(created -> {
        relayRegistered = relayUrl != null && !all.isEmpty() && !unregistered.contains(relayUrl);
        return new Outcome(created, Set.copyOf(unregistered), relayUrl);
      });
    });
  }

  private boolean withinLimit() {
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    while (!created.isEmpty() && created.peekFirst().isBefore(hourAgo)) {
      created.removeFirst();
    }
    return created.size() < PER_HOUR;
  }

  /** Registers one URL again; returns the upstream's status (0 when it could not be asked). */
  private Future<Integer> register(CallbackRegistration r, List<JobRecord> pending) {
    String query = "callback_url=" + encode(r.url())
        + (r.encryptedSecret() == null ? "" : "&user_secret=" + encode(secrets.decrypt(r.encryptedSecret())));
    String uri = upstream.basePath() + "/v1/register_callback?" + query;
    return credentialFor(r, pending)
        .compose(auth -> upstream.call(HttpMethod.POST, uri, auth))
        .compose(reply -> {
          if (reply.status() == 201) {
            created.addLast(Instant.now());
          }
          metrics.reregistration(reply.status() == 201 ? "created" : reply.status() < 300 ? "existing" : "refused");
          String result = reply.status() + " " + (reply.status() < 300 ? reply.json().getString("status", "")
              : "refused");
          return callbacks.save(r.withResult(result, Instant.now(), "recovery")).map(reply.status());
        })
        .recover(err -> {
          LOG.warning("callback re-registration failed for " + withoutQuery(r.url()) + ": " + err.getMessage());
          metrics.reregistration("failed");
          return callbacks.save(r.withResult("failed: " + err.getMessage(), Instant.now(), "recovery")).map(0)
              .otherwise(0);
        });
  }

  /**
   * A configured service credential, or in client mode one kept from a job of the same tenant; for the relay URL,
   * which every tenant's jobs use, one kept from any unfinished job when its own tenant has none.
   */
  private Future<String> credentialFor(CallbackRegistration r, List<JobRecord> pending) {
    return jobs.findByTenant(r.tenant(), EnumSet.allOf(JobState.class)).compose(owned -> owned.stream()
        .filter(j -> j.sealedAuthorization() != null).findFirst()
        .or(() -> r.url().equals(relayUrl) ? pending.stream().filter(j -> j.sealedAuthorization() != null)
            .findFirst() : Optional.empty())
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
