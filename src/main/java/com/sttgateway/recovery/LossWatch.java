package com.sttgateway.recovery;

import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.OwnedJobs;
import com.sttgateway.proxy.UpstreamCalls;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Notices jobs the upstream lost without asking about every job: one upstream call per tick, whatever the number of
 * unfinished jobs. Ticks alternate between the upstream's list of its latest jobs, compared with this member's
 * newest submitted jobs (a wipe empties it), and one job's own status: a job the list should show but does not (a
 * suspect) first, then one it shows completed (so its results are copied), else one chosen at random among all of
 * this member's submitted jobs (a partial loss among older jobs). Only a job's own 404 proves a loss
 * ({@link Reconciler}), and the job is then queued again. The newest jobs (at most {@link #VIEW_LIMIT}, found by
 * walking the job summaries from the newest, so the cost does not grow with the journal) are re-read at most every
 * 2 s, and never more than a tenth of the time; a tenant whose submitted jobs are all older than those is compared
 * with no list, only sampled. Runs on recovery's context.
 */
final class LossWatch {

  /** What the upstream's GET /v1/recognitions shows at most: its latest jobs. */
  private static final int LIST_LIMIT = 100;
  /** How many of this member's newest submitted jobs are compared with the lists. */
  private static final int VIEW_LIMIT = 1_000;
  private static final long MIN_VIEW_MILLIS = 2_000;
  private static final int SKIPS = 8;

  private final JobJournal journal;
  private final OwnedJobs owned;
  private final Reconciler reconciler;
  private final UpstreamCalls calls;
  private final ReplayCredentials credentials;
  private final RateLimiter rate;
  private final Deque<JobRecord> toCheck = new ArrayDeque<>();
  private List<JobRecord> view = List.of();
  private long viewTaken = Long.MIN_VALUE / 2;
  private long viewCost;
  private long ticks;
  private int nextGroup;
  private boolean busy;

  LossWatch(JobJournal journal, OwnedJobs owned, Reconciler reconciler, UpstreamCalls calls,
      ReplayCredentials credentials, RateLimiter rate) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.owned = Objects.requireNonNull(owned, "owned");
    this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.rate = Objects.requireNonNull(rate, "rate");
  }

  /** One tick (skipped while the last one runs): a job found lost, queued again now; null when none. */
  Future<JobRecord> tick() {
    if (busy) {
      return Future.succeededFuture();
    }
    busy = true;
    return refreshed().compose(v -> ticks++ % 2 == 0 ? compareList().map((JobRecord) null) : checkOne(SKIPS))
        .onComplete(ar -> busy = false);
  }

  /** What it knew is stale (a full reconcile ran): the next tick reads the index again. */
  void forget() {
    toCheck.clear();
    viewTaken = Long.MIN_VALUE / 2;
  }

  private Future<Void> refreshed() {
    long now = System.nanoTime() / 1_000_000;
    if (now - viewTaken < Math.max(MIN_VIEW_MILLIS, 10 * viewCost)) {
      return Future.succeededFuture();
    }
    return owned.newest(JobState.SUBMITTED, VIEW_LIMIT).map(jobs -> {
      view = jobs;
      viewTaken = now;
      viewCost = System.nanoTime() / 1_000_000 - now;
      return null;
    });
  }

  /**
   * The list of one instance (base path) and tenant per list tick, in turn: the upstream lists the jobs of the
   * calling credentials, so it is asked with the credential the tenant's newest job is replayed with.
   */
  private Future<Void> compareList() {
    if (view.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> groups = view.stream().map(LossWatch::group).distinct().toList();
    String chosen = groups.get(nextGroup++ % groups.size());
    List<JobRecord> mine = view.stream().filter(j -> group(j).equals(chosen)).toList();
    JobRecord newest = mine.get(mine.size() - 1);
    return credentials.authorization(newest).compose(auth -> rate.acquire()
            .compose(v -> calls.call(HttpMethod.GET, newest.basePath() + "/v1/recognitions", auth)))
        .map(reply -> {
          if (reply.status() == 200) {
            compare(mine, reply.json().getJsonArray("recognitions", new JsonArray()));
          }
          return null;
        });
  }

  /**
   * A list shorter than its limit is every job the upstream has; a full one, every job created since its oldest
   * entry (the upstream's own clock on both sides). A job of ours in that span but not in the list is a suspect.
   */
  private void compare(List<JobRecord> mine, JsonArray listed) {
    Map<String, String> statuses = new HashMap<>();
    Instant oldest = null;
    for (Object item : listed) {
      JsonObject job = (JsonObject) item;
      statuses.put(job.getString("id"), job.getString("status"));
      Instant created = created(job);
      oldest = created != null && (oldest == null || created.isBefore(oldest)) ? created : oldest;
    }
    boolean whole = listed.size() < LIST_LIMIT;
    toCheck.clear();
    for (JobRecord job : mine) {
      String status = statuses.get(job.upstreamId());
      Instant created = created(job.lastStatus());
      if (status == null && (whole || created != null && oldest != null && created.isAfter(oldest))) {
        toCheck.addFirst(job); // suspects first
      } else if ("completed".equals(status)) {
        toCheck.addLast(job);
      }
      if (toCheck.size() >= LIST_LIMIT) {
        break;
      }
    }
  }

  /**
   * One job's status: the next queued for a check (read again: one changed since is skipped, no call), else one at
   * random, read as it is now.
   */
  private Future<JobRecord> checkOne(int skips) {
    if (toCheck.isEmpty()) {
      return owned.anyOne(JobState.SUBMITTED).compose(job -> job == null ? Future.succeededFuture() : reconcile(job));
    }
    JobRecord next = toCheck.poll();
    return journal.get(next.clientId()).compose(now -> {
      if (now == null || now.state() != JobState.SUBMITTED || !Objects.equals(now.upstreamId(), next.upstreamId())) {
        return skips > 0 ? checkOne(skips - 1) : Future.succeededFuture();
      }
      return reconcile(now);
    });
  }

  /** Asks the upstream about {@code job}; the job queued again when it was lost, else null. */
  private Future<JobRecord> reconcile(JobRecord job) {
    return reconciler.reconcile(job).compose(lost -> lost ? journal.get(job.clientId()) : Future.succeededFuture());
  }

  private static String group(JobRecord job) {
    return job.basePath() + " " + job.tenant();
  }

  private static Instant created(JsonObject status) {
    try {
      return status == null || status.getString("created") == null ? null : Instant.parse(status.getString("created"));
    } catch (DateTimeParseException | ClassCastException e) {
      return null;
    }
  }
}
