package com.sttgateway.journal;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Operator queries over the journal index: filtered pages in creation order with an opaque cursor, counts per
 * state, the oldest unfinished job. A page walks each member's summaries in creation order from the cursor
 * ({@link JobSummaries}, kept by every write) until it has enough, then reads those records, so
 * the first page of a million records costs about as much as the last. Any thread; the queries run on a worker.
 */
public final class JobSearch {

  /** One page and the cursor of the next one (null: this was the last). */
  public record Page(List<JobRecord> jobs, String next) {}

  private final JobJournal journal;

  public JobSearch(JobJournal journal) {
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  /**
   * Up to {@code limit} records matching {@code filter} after {@code cursor} (null: from the start).
   *
   * @throws IllegalArgumentException (in the future) for a cursor this class did not make
   */
  public Future<Page> page(JobFilter filter, String cursor, int limit) {
    JobSummary after;
    try {
      after = cursor == null ? null : decode(cursor);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return journal.onWorker(() -> {
      List<JobSummary> rows = journal.summaries(filter, after, limit + 1);
      List<JobSummary> page = rows.subList(0, Math.min(limit, rows.size()));
      // In creation order; one removed since the walk (or unsealed) is skipped, and the cursor still moves on.
      List<JobRecord> jobs = journal.read(page.stream().map(JobSummary::clientId).toList(), r -> true);
      return new Page(jobs, rows.size() > limit ? encode(page.get(page.size() - 1)) : null);
    });
  }

  /** The ids of every record matching {@code filter}, in creation order. */
  public Future<List<String>> ids(JobFilter filter) {
    return journal.onWorker(() -> journal.summaries(filter, null, Integer.MAX_VALUE).stream()
        .map(JobSummary::clientId).toList());
  }

  /** How many records are in each state (every state present, zero included), kept as the index changes. */
  public Future<Map<JobState, Long>> countByState() {
    return journal.countByState();
  }

  /** The unfinished record created first; null when none. */
  public Future<JobRecord> oldestUnfinished() {
    return page(JobFilter.inStates(JobState.unfinishedStates()), null, 1)
        .map(p -> p.jobs().isEmpty() ? null : p.jobs().get(0));
  }

  /** The opaque cursor after {@code row}: its creation time and client id. */
  private static String encode(JobSummary row) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((JobRecord.sortable(row.createdAt()) + "|" + row.clientId()).getBytes(StandardCharsets.UTF_8));
  }

  private static JobSummary decode(String cursor) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = plain.indexOf('|');
      JobSummary row = JobSummary.position(Instant.parse(plain.substring(0, bar)), plain.substring(bar + 1));
      if (row.clientId().isEmpty() || !encode(row).equals(cursor)) { // only what encode() made
        throw new IllegalArgumentException("not a cursor of this gateway");
      }
      return row;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cursor: '" + cursor + "' (expected: the next value of an earlier page)");
    }
  }
}
