package com.sttgateway.journal;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The jobs whose index entries this member owns (the primary replica of their Hazelcast partition): recovery works
 * on those only, so each job has one member working on it at a time and the work spreads over the cluster; when a
 * member leaves, its partitions (and so its jobs) move to the others. Claims stay the guard against a job sent twice
 * while partitions migrate. Any thread; the queries run on a worker.
 */
public final class OwnedJobs {

  private final JobJournal journal;

  public OwnedJobs(JobJournal journal) {
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  /** This member's records in any of {@code states}, oldest first; none when {@code states} is empty. */
  public Future<List<JobRecord>> findByState(Set<JobState> states) {
    if (states.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    // This member's own summaries: getAll then reads the records locally.
    return journal.onWorker(() -> records(
        ids(journal.localSummaries().localFirst(JobFilter.inStates(states), null, Integer.MAX_VALUE)), states));
  }

  /**
   * This member's newest {@code limit} records in {@code state}, oldest first: a walk of its job summaries from the
   * newest, so it costs what it returns, however many jobs are in the state.
   */
  public Future<List<JobRecord>> newest(JobState state, int limit) {
    return journal.onWorker(() -> records(journal.localSummaries().localNewest(state, limit), Set.of(state)));
  }

  /** Where a walk of {@link #page} goes on; opaque. */
  public static final class Cursor {
    private final JobSummary at;

    private Cursor(JobSummary at) {
      this.at = at;
    }
  }

  /** One page of a walk over this member's jobs in a state: its records, and the next page's cursor (null: done). */
  public record Page(List<JobRecord> jobs, Cursor next) {}

  /**
   * The next {@code limit} of this member's jobs in {@code state} after {@code after} (null: from the oldest), oldest
   * first: a page of a walk of its job summaries, so a pass over a million jobs reads one page at a time. A job that
   * left the state since its summary was written is not in the page.
   */
  public Future<Page> page(JobState state, Cursor after, int limit) {
    return journal.onWorker(() -> {
      List<JobSummary> walked = journal.localSummaries()
          .localFirst(JobFilter.inStates(Set.of(state)), after == null ? null : after.at, limit);
      return new Page(records(ids(walked), Set.of(state)),
          walked.size() < limit ? null : new Cursor(walked.get(walked.size() - 1)));
    });
  }

  /** One of this member's records in {@code state}, chosen at random from its job summaries; null when none. */
  public Future<JobRecord> anyOne(JobState state) {
    return journal.onWorker(() -> journal.localSummaries().localRandom(state))
        .compose(id -> id == null ? Future.succeededFuture() : journal.get(id))
        .map(r -> r != null && r.state() == state ? r : null);
  }

  private static List<String> ids(List<JobSummary> summaries) {
    return summaries.stream().map(JobSummary::clientId).toList();
  }

  /** The records of {@code ids} still in one of {@code states}, oldest first. Blocks. */
  private List<JobRecord> records(List<String> ids, Set<JobState> states) {
    return journal.read(ids, r -> states.contains(r.state())); // unsealed ones: never
  }
}
