package com.sttgateway.recovery;

import com.sttgateway.GatewayException;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.OwnedJobs;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.CustomizationIds;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.http.HttpClient;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.upstream.UpstreamHealth;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs recovery once the job index is complete, on every DOWN to UP, and on a timer: re-register callbacks, resubmit
 * the queued jobs, with bounded concurrency, a rate limit and per-job backoff. Submitted jobs are watched by the
 * {@link LossWatch} (one upstream call a tick); once it proves a loss, the next run asks about every one of them.
 * One run at a time. Owns one context: every public entry point hops onto it, so runs, backoff and the rate
 * limiter never interleave across event loops; every timer it arms is cancelled by {@link #stop()}.
 */
public final class RecoveryRunner {

  private static final Logger LOG = Logger.getLogger(RecoveryRunner.class.getName());

  private static final long AFTER_A_LOSS_NANOS = TimeUnit.MINUTES.toNanos(10);
  /** How many submitted jobs a full reconcile reads at a time (a million at once took 40 s and a GB of heap). */
  private static final int RECONCILE_PAGE = 1_000;

  private final Vertx vertx;
  private final JobJournal journal;
  private final OwnedJobs owned;
  private final CallbackReregistration callbacks;
  private final Reconciler reconciler;
  private final LossWatch watch;
  private final Resubmitter resubmitter;
  private final UpstreamHealth health;
  private final GatewayConfig.Recovery settings;
  private final Backoff backoff;
  private final Supplier<Future<Void>> beforeRun;
  private final Set<String> replaying = new HashSet<>();
  private final Set<Long> timers = new HashSet<>();
  private final RecoveryProgress progress = new RecoveryProgress();
  private Context context;
  private boolean stopped;
  private Future<JsonObject> running;
  private boolean reconcileAll; // a loss was found: the next run asks about every submitted job
  private boolean reconcilingAll;
  /** When the loss watch last proved a loss (System.nanoTime); long ago at start. */
  private long lossFoundAt = System.nanoTime() - 2 * AFTER_A_LOSS_NANOS;
  private volatile JsonObject lastRun = new JsonObject().put("state", "never run");

  /** What recovery works with: the upstream (a client for bodies, calls for the rest), the journals, credentials. */
  public record Parts(HttpClient client, UpstreamTarget target, UpstreamCalls calls, ObjectStore store,
      JobJournal journal, CallbackJournal callbacks, SecretBox secrets, ReplayCredentials credentials,
      UpstreamHealth health, GatewayMetrics metrics, CustomizationIds modelIds, Supplier<Future<Void>> beforeRun) {}

  /** {@code relayUrl}: in relay mode the gateway's relay URL (the only one registered upstream); null: direct. */
  public RecoveryRunner(Vertx vertx, Parts p, GatewayConfig.Recovery settings, String relayUrl) {
    RateLimiter rate = new RateLimiter(vertx, settings.ratePerSecond());
    UpstreamHealth health = p.health();
    this.vertx = vertx;
    this.journal = p.journal();
    this.owned = new OwnedJobs(journal);
    this.callbacks = new CallbackReregistration(p.calls(), p.callbacks(), journal, p.secrets(), p.credentials(),
        p.metrics(), relayUrl);
    this.reconciler = new Reconciler(p.calls(), p.store(), journal, p.credentials(), rate,
        () -> health.state() == UpstreamState.UP);
    this.watch = new LossWatch(journal, owned, reconciler, p.calls(), p.credentials(), rate);
    this.resubmitter = new Resubmitter(vertx, p.client(), p.target(), p.calls(), p.store(), journal, p.credentials(),
        rate, settings, p.metrics(), relayUrl, callbacks::relayRegistered, p.modelIds());
    this.beforeRun = p.beforeRun();
    this.health = health;
    this.settings = settings;
    this.backoff = new Backoff(settings.backoffMillis());
  }

  /** Takes its own context, then runs once the job index is complete, on every DOWN to UP and on the timer. */
  public Future<Void> start() {
    return vertx.deployVerticle(ctx -> {
      context = ctx;
      health.onChange(state -> {
        if (state == UpstreamState.UP) {
          run("upstream came back");
        }
      });
      timers.add(vertx.setPeriodic(settings.intervalSeconds() * 1000L, t -> run("timer")));
      timers.add(vertx.setPeriodic(settings.checkIntervalMillis(), t -> watch()));
      journal.index().whenComplete().onSuccess(v -> run("start"));
      return Future.succeededFuture();
    }).mapEmpty();
  }

  /**
   * Cancels every timer it armed; no new run starts and the run under way takes no new job. Completes when the jobs
   * under way are settled (so no claim is left to expire), or after 30 s.
   */
  public Future<Void> stop() {
    return context == null ? Future.succeededFuture() : onContext(() -> {
      stopped = true;
      timers.forEach(vertx::cancelTimer);
      timers.clear();
      return running == null ? Future.succeededFuture() : Lanes.settledWithin(vertx, running, 30_000);
    });
  }

  public JsonObject lastRun() {
    return lastRun.copy();
  }

  public RecoveryProgress progress() {
    return progress;
  }

  /** Starts a run unless one is under way or the upstream is down; the running one otherwise. */
  public Future<JsonObject> run(String trigger) {
    return onContext(() -> runHere(trigger));
  }

  private Future<JsonObject> runHere(String trigger) {
    if (stopped) {
      return Future.succeededFuture(lastRun);
    }
    if (running != null) {
      return running;
    }
    if (health.state() != UpstreamState.UP || !journal.index().complete()) {
      return Future.succeededFuture(lastRun); // an incomplete index would hide jobs: the run would judge too few
    }
    Instant started = Instant.now();
    progress.begin(trigger);
    reconcilingAll = reconcileAll;
    reconcileAll = false;
    AtomicInteger lost = new AtomicInteger();
    Map<Resubmitter.Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    running = beforeRun.get().compose(v -> callbacks.reregisterAll()) // first: lost custom models (the vault)
        .compose(registered -> reconciled(lost, outcomes)
            .compose(v -> resubmitQueued(outcomes, registered))
            .map(held -> lastRun = RunReport.of(trigger, started, registered.created(), lost.get(), held, outcomes)))
        .onComplete(ar -> {
          progress.finish(ar);
          running = null;
          if (ar.failed()) {
            LOG.warning("recovery run (" + trigger + ") failed: " + ar.cause().getMessage());
          }
          if (reconcilingAll) {
            reconcilingAll = false;
            watch.forget();
          }
          if (reconcileAll) {
            runHere("a loss was found during the last run");
          }
        });
    return running;
  }

  /**
   * Only once a loss was found (the loss watch, or a run before): every submitted job of this member (P6) is asked
   * about, oldest first, a page of {@link #RECONCILE_PAGE} at a time, and each one found lost is resubmitted at once
   * rather than after the pass.
   */
  private Future<Void> reconciled(AtomicInteger lost, Map<Resubmitter.Outcome, AtomicInteger> outcomes) {
    if (!reconcilingAll) {
      return Future.succeededFuture();
    }
    LOG.info("recovery: a loss was found; asking the upstream about every submitted job, oldest first");
    AtomicInteger asked = new AtomicInteger();
    return reconcilePages(null, asked, lost, outcomes)
        .onSuccess(v -> LOG.info("recovery: asked the upstream about " + asked.get() + " submitted jobs"));
  }

  private Future<Void> reconcilePages(OwnedJobs.Cursor after, AtomicInteger asked, AtomicInteger lost,
      Map<Resubmitter.Outcome, AtomicInteger> outcomes) {
    return owned.page(JobState.SUBMITTED, after, RECONCILE_PAGE).compose(page -> {
      asked.addAndGet(page.jobs().size());
      return Lanes.each(settings.concurrency(), page.jobs(),
          job -> stopped ? Future.succeededFuture() : Lanes.logged(job.clientId(), "reconcile",
              reconciler.reconcile(job).compose(l -> l ? resubmitFound(job, lost, outcomes) : Future.succeededFuture())))
          .compose(v -> page.next() == null || stopped ? Future.succeededFuture()
              : reconcilePages(page.next(), asked, lost, outcomes));
    });
  }

  private Future<Void> resubmitFound(JobRecord job, AtomicInteger lost,
      Map<Resubmitter.Outcome, AtomicInteger> outcomes) {
    progress.lostFound(lost.incrementAndGet());
    return journal.get(job.clientId()).compose(queued -> queued == null || queued.state() != JobState.QUEUED
        ? Future.succeededFuture() : attempt(queued, "lost, found by a reconcile", outcomes).mapEmpty());
  }

  /** One tick of the loss watch, while no full reconcile runs; a loss it proves is resubmitted now and escalates. */
  private void watch() {
    if (stopped || reconcilingAll || health.state() != UpstreamState.UP || !journal.index().complete()) {
      return;
    }
    watch.tick().onSuccess(found -> {
      if (found != null && !reconcileAll) {
        LOG.info("loss watch: job " + found.clientId() + " was lost upstream; asking about every submitted job");
        resubmitNow(found, "lost, found by the loss watch");
        lossFoundAt = System.nanoTime();
        reconcileAll = true;
        runHere("loss found by the loss watch");
      }
    }).onFailure(err -> LOG.fine(() -> "loss watch tick failed: " + err));
  }

  /**
   * A member left and this member's partitions may now hold its jobs. Within 10 minutes of a loss this member's loss
   * watch found, the member that left was probably still asking about its own submitted jobs, and the watch would
   * find the lost ones among them only by chance (they are older than the upstream's list of its latest jobs): so
   * every submitted job of this member is asked about now. Otherwise a plain run; the loss watch covers them as it
   * covers this member's own.
   */
  public Future<JsonObject> memberLeft() {
    return onContext(() -> {
      if (System.nanoTime() - lossFoundAt < AFTER_A_LOSS_NANOS) {
        LOG.info("recovery: a member left soon after a loss was found; asking about every submitted job");
        reconcileAll = true;
      }
      return runHere("a member left");
    });
  }

  /** A job a client found lost (404 on its GET): resubmit it now rather than at the next run. */
  public void resubmitSoon(JobRecord queued) {
    resubmitNow(queued, "lost, found by a client request");
  }

  private void resubmitNow(JobRecord queued, String reason) {
    onContext(() -> resubmitter.resubmit(queued, reason)
        .onComplete(ar -> afterAttempt(queued, ar.result())))
        .onFailure(err -> LOG.warning("job " + queued.clientId() + ": resubmission failed: " + err));
  }

  /** Re-registers every journaled callback now (the hourly limit still holds); how many the upstream created. */
  public Future<Integer> reregisterCallbacks() {
    return onContext(() -> callbacks.reregisterAll().map(CallbackReregistration.Outcome::created));
  }

  /**
   * An operator's replay of one job through recovery's own claim, rate limit and resubmission: a dead or failed
   * job is queued again first; a submitted one only once the upstream answers 404 for it. Completes with the
   * outcome (submitted, retry, dead, skipped); fails with a 409 GatewayException when there is nothing to replay
   * or a replay of it is under way.
   */
  public Future<String> replayNow(JobRecord job, String operator) {
    return onContext(() -> replayHere(job, operator));
  }

  private Future<String> replayHere(JobRecord job, String operator) {
    if (!replaying.add(job.clientId())) {
      return Future.failedFuture(new GatewayException(409, "job " + job.clientId() + " is being replayed already"));
    }
    return ReplayQueue.queue(journal, reconciler, job)
        .compose(queued -> resubmitter.resubmit(queued, "replay requested", operator).map(outcome -> {
          afterAttempt(queued, outcome);
          if (outcome == Resubmitter.Outcome.SKIPPED) {
            throw new GatewayException(409, "job " + job.clientId() + " was claimed by another replay");
          }
          return outcome.name().toLowerCase(Locale.ROOT);
        }))
        .onComplete(ar -> replaying.remove(job.clientId()));
  }

  /** Resubmits the queued jobs that are due; returns how many were held for a callback URL not registered now. */
  private Future<Integer> resubmitQueued(Map<Resubmitter.Outcome, AtomicInteger> outcomes,
      CallbackReregistration.Outcome callbacks) {
    long now = System.currentTimeMillis();
    return owned.findByState(EnumSet.of(JobState.QUEUED)).compose(jobs -> {
      List<JobRecord> due = new ArrayList<>(jobs.stream()
          .filter(j -> backoff.due(j, now) && !callbacks.waits(j)).toList());
      due.sort(Comparator.comparing(JobRecord::created));
      int held = (int) jobs.stream().filter(callbacks::waits).count();
      progress.resubmitting(due.size());
      return Lanes.each(settings.concurrency(), due, job -> stopped ? Future.succeededFuture()
          : Lanes.logged(job.clientId(), "resubmission", attempt(job, "recovery run", outcomes))).map(held);
    });
  }

  private Future<Resubmitter.Outcome> attempt(JobRecord job, String reason,
      Map<Resubmitter.Outcome, AtomicInteger> outcomes) {
    return resubmitter.resubmit(job, reason).map(outcome -> {
      outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
      progress.attempted(outcome);
      afterAttempt(job, outcome);
      return outcome;
    });
  }

  /** Exponential backoff with jitter for a job that must be tried again. */
  private void afterAttempt(JobRecord job, Resubmitter.Outcome outcome) {
    long delay = backoff.after(job, outcome == Resubmitter.Outcome.RETRY);
    if (delay >= 0 && !stopped) {
      long[] id = new long[1];
      id[0] = vertx.setTimer(delay, t -> {
        timers.remove(id[0]);
        runHere("backoff elapsed");
      });
      timers.add(id[0]);
    }
  }

  /** Runs {@code work} on recovery's context (at once when already there). */
  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    if (Vertx.currentContext() == context) {
      return work.get();
    }
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(done));
    return done.future();
  }
}
