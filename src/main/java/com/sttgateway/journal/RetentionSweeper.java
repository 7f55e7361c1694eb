package com.sttgateway.journal;

import com.sttgateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Removes what the journal no longer needs: expired tombstones (RETRIEVED, DELETED) with any audio left, the audio
 * of expired FAILED jobs (their records stay), journaled results past their job's results_ttl (the upstream has
 * dropped the job by then too, so it becomes a DELETED tombstone), abandoned multipart uploads (no live member writes
 * them), and audio objects no record refers to.
 * Never the audio of an unfinished job. One sweep at a time, on a Vert.x timer; removals run one after another so
 * a sweep never crowds uploads off the journal-io pool.
 */
public final class RetentionSweeper {

  private static final Logger LOG = Logger.getLogger(RetentionSweeper.class.getName());
  private static final Set<JobState> TOMBSTONES = EnumSet.of(JobState.RETRIEVED, JobState.DELETED);

  private final Vertx vertx;
  private final JobJournal jobs;
  private final ObjectStore store;
  private final Duration abandonedAfter;
  private final Duration tombstoneRetention;
  /** Uploads live members are writing; null: every incomplete upload past the age is abandoned. */
  private final UploadRegistry uploads;
  private final AtomicBoolean running = new AtomicBoolean();
  /** Unreferenced audio seen by the previous sweep: removed only when still unreferenced now. */
  private volatile Set<String> suspects = Set.of();
  private long timer = -1;

  public RetentionSweeper(Vertx vertx, JobJournal jobs, ObjectStore store, GatewayConfig.Journal config) {
    this(vertx, jobs, store, config, null);
  }

  /** {@code uploads}: the multipart uploads live members own, never aborted whatever their age. */
  public RetentionSweeper(Vertx vertx, JobJournal jobs, ObjectStore store, GatewayConfig.Journal config,
      UploadRegistry uploads) {
    this.uploads = uploads;
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.store = Objects.requireNonNull(store, "store");
    this.abandonedAfter = Duration.ofMinutes(config.abandonedUploadMinutes());
    this.tombstoneRetention = Duration.ofMinutes(config.tombstoneRetentionMinutes());
  }

  /** What one sweep removed. */
  public record SweepResult(int tombstones, int failedAudio, int expiredResults, int abortedUploads,
      int orphanedAudio) {
    public int total() {
      return tombstones + failedAudio + expiredResults + abortedUploads + orphanedAudio;
    }
  }

  /** Sweeps every {@code intervalMillis}; a tick while a sweep is still running is skipped. */
  public synchronized void start(long intervalMillis) {
    stop();
    timer = vertx.setPeriodic(intervalMillis, id -> {
      if (!running.get()) {
        sweepOnce(Instant.now()).onFailure(err -> LOG.warning("journal sweep failed: " + err));
      }
    });
  }

  /** True while a sweep is running. */
  public boolean sweeping() {
    return running.get();
  }

  public synchronized void stop() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /**
   * One sweep as of {@code now}. Audio no record refers to is removed when it is older than
   * {@code abandonedUploadMinutes} and was already unreferenced in the previous sweep (a record written just after a
   * long upload completed is never raced). Fails when a sweep is already running.
   */
  public Future<SweepResult> sweepOnce(Instant now) {
    if (!running.compareAndSet(false, true)) {
      return Future.failedFuture(new IllegalStateException("a journal sweep is already running"));
    }
    return store.listWithTimes(JobObjects.AUDIO_PREFIX).compose(listed -> sweep(listed, now, now.minus(abandonedAfter)))
        .onSuccess(RetentionSweeper::log)
        .andThen(ar -> running.set(false));
  }

  private Future<SweepResult> sweep(List<ObjectStore.ObjectSummary> listed, Instant now, Instant cutoff) {
    Set<String> audio = listed.stream().map(ObjectStore.ObjectSummary::key).collect(Collectors.toSet());
    List<String> old = listed.stream().filter(o -> o.lastModified().isBefore(cutoff))
        .map(ObjectStore.ObjectSummary::key).toList();
    // Orphans first: a tombstone's audio removed below would otherwise look unreferenced and be counted twice.
    Future<Integer> orphans = removeOrphans(old);
    Future<Integer> tombstones = orphans.compose(v -> removeTombstones(now, audio));
    Future<Integer> failed = tombstones.compose(v -> removeFailedAudio(now, audio));
    Future<Integer> results = failed.compose(v -> expireResults(now));
    return results.compose(v -> abortAbandonedUploads(cutoff))
        .map(aborted -> new SweepResult(tombstones.result(), failed.result(), results.result(), aborted,
            orphans.result()));
  }

  /** Incomplete uploads past the age that no live member owns (a member that died mid-upload left them). */
  private Future<Integer> abortAbandonedUploads(Instant cutoff) {
    Future<Set<String>> owned = uploads == null ? Future.succeededFuture(Set.of()) : uploads.ownedByLiveMembers();
    return owned.compose(keep -> store.abortIncompleteUploads("", cutoff, keep));
  }

  private Future<Integer> removeOrphans(List<String> oldAudio) {
    return jobs.referencedAudioKeys().compose(referenced -> {
      Set<String> unreferenced = new HashSet<>(oldAudio);
      unreferenced.removeAll(referenced);
      List<String> confirmed = unreferenced.stream().filter(suspects::contains).sorted().toList();
      suspects = Set.copyOf(unreferenced);
      return each(confirmed, key -> store.remove(key).map(true));
    }, err -> {
      suspects = Set.of();
      LOG.warning("journal sweep: unreferenced audio left alone this time: " + err.getMessage());
      return Future.succeededFuture(0);
    });
  }

  private Future<Integer> removeTombstones(Instant now, Set<String> audio) {
    return jobs.findByState(TOMBSTONES).compose(found -> each(ids(expired(found, now)), id -> jobs.get(id)
        .compose(r -> {
          if (r == null || !TOMBSTONES.contains(r.state()) || !expired(r, now)) {
            return Future.succeededFuture(false);
          }
          return jobs.drop(r).map(true);
        })));
  }

  private Future<Integer> removeFailedAudio(Instant now, Set<String> audio) {
    return jobs.findByState(EnumSet.of(JobState.FAILED)).compose(found -> each(
        ids(expired(found, now).stream().filter(r -> audio.contains(r.audioKey())).toList()),
        id -> jobs.get(id).compose(r -> {
          // Read again: a replay may have made the job unfinished since the query.
          if (r == null || r.state() != JobState.FAILED || !expired(r, now)) {
            return Future.succeededFuture(false);
          }
          return store.remove(r.audioKey()).map(true);
        })));
  }

  /** COMPLETED jobs whose retainUntil (results_ttl) passed: the client never fetched them, and now cannot. */
  private Future<Integer> expireResults(Instant now) {
    return jobs.findByState(EnumSet.of(JobState.COMPLETED)).compose(found -> each(
        ids(found.stream().filter(r -> r.retainUntil() != null && !r.retainUntil().isAfter(now)).toList()),
        // The record changes first: a client fetching the results meanwhile wins.
        id -> jobs.transition(id, r -> r.state() != JobState.COMPLETED || r.retainUntil().isAfter(now) ? r
            : r.transition(JobState.DELETED, r.upstreamId(), r.lastStatus(), now.plus(tombstoneRetention), "expired",
                "results_ttl passed before the client fetched the results"))
            .compose(c -> c.changed() ? JobObjects.removeContent(store, c.after()).map(true)
                : Future.succeededFuture(false))));
  }

  private static List<String> ids(List<JobRecord> records) {
    return records.stream().map(JobRecord::clientId).toList();
  }

  private static List<JobRecord> expired(List<JobRecord> records, Instant now) {
    return records.stream().filter(r -> expired(r, now)).toList();
  }

  private static boolean expired(JobRecord r, Instant now) {
    return !r.state().unfinished() && r.retainUntil() != null && !r.retainUntil().isAfter(now);
  }

  /** Runs {@code action} on each key or id in turn; counts the true results; logs and skips failures. */
  private static Future<Integer> each(List<String> items, Function<String, Future<Boolean>> action) {
    Future<Integer> count = Future.succeededFuture(0);
    for (String item : items) {
      count = count.compose(n -> action.apply(item)
          .recover(err -> {
            LOG.warning("journal sweep: could not remove " + item + ": " + err);
            return Future.succeededFuture(false);
          })
          .map(removed -> removed ? n + 1 : n));
    }
    return count;
  }

  private static void log(SweepResult r) {
    if (r.total() > 0) {
      LOG.info("journal sweep removed " + r.tombstones() + " tombstone(s), the audio of " + r.failedAudio()
          + " expired failed job(s), the results of " + r.expiredResults() + " job(s) past results_ttl, "
          + r.abortedUploads() + " abandoned upload(s) and " + r.orphanedAudio()
          + " unreferenced audio object(s)");
    }
  }
}
