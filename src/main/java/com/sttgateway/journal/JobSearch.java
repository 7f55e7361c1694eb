package com.sttgateway.journal;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.projection.Projections;
import com.hazelcast.query.Predicate;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Operator queries over the journal index: filtered pages in creation order with an opaque cursor, counts per
 * state, the oldest unfinished job. A page never reads more than it needs: it walks the sorted {@code created}
 * index in growing time windows until a page is full, so the first page of 100,000 records costs about as much as
 * the last. Any thread; the queries run on a worker thread.
 */
public final class JobSearch {

  /** One page and the cursor of the next one (null: this was the last). */
  public record Page(List<JobRecord> jobs, String next) {}

  private static final Duration FIRST_WINDOW = Duration.ofSeconds(1);
  private static final Duration FUTURE_SLACK = Duration.ofMinutes(1);
  private static final Duration MAX_WINDOW = Duration.ofDays(365 * 100);

  private final JobJournal journal;
  /** A lower bound of every record's creation time, found once; null until then. */
  private volatile Instant floor;

  public JobSearch(JobJournal journal) {
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  /**
   * Up to {@code limit} records matching {@code filter} after {@code cursor} (null: from the start).
   *
   * @throws IllegalArgumentException (in the future) for a cursor this class did not make
   */
  public Future<Page> page(JobFilter filter, String cursor, int limit) {
    Row after;
    try {
      after = cursor == null ? null : Row.decode(cursor);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return journal.overIndex(map -> {
      List<Row> rows = firstRows(map, filter, after, limit + 1);
      List<Row> page = rows.subList(0, Math.min(limit, rows.size()));
      Map<String, HazelcastJsonValue> values = map.getAll(page.stream().map(Row::id).collect(Collectors.toSet()));
      List<JobRecord> jobs = new ArrayList<>(page.size());
      page.forEach(r -> {
        HazelcastJsonValue value = values.get(r.id());
        JobRecord job = journal.parse(value);
        if (job != null) { // removed since the projection (or unsealed): skip, the cursor still moves on
          jobs.add(job);
        }
      });
      return new Page(jobs, rows.size() > limit ? page.get(page.size() - 1).encode() : null);
    });
  }

  /** The ids of every record matching {@code filter}, in creation order. */
  public Future<List<String>> ids(JobFilter filter) {
    return journal.overIndex(map -> rows(map, filter, filter.predicate()).stream().sorted().map(Row::id).toList());
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

  /**
   * The first {@code wanted} matching rows after {@code after}, in order, read in consecutive time windows of the
   * sorted index: the first sized from the journal's average density, each next one from the density the last
   * one showed (so a sparse filter takes a few wide windows, not many narrow ones); past the present, one
   * open-ended window (clock skew between members).
   */
  private List<Row> firstRows(IMap<String, HazelcastJsonValue> map, JobFilter filter, Row after, int wanted) {
    Instant start = after != null ? after.created() : filter.createdSince() != null ? filter.createdSince()
        : floor(map);
    if (after != null && filter.createdSince() != null && filter.createdSince().isAfter(start)) {
      start = filter.createdSince();
    }
    Instant end = Instant.now().plus(FUTURE_SLACK);
    if (filter.createdUntil() != null && filter.createdUntil().isBefore(end)) {
      end = filter.createdUntil();
    }
    List<Row> found = new ArrayList<>();
    long window = firstWindowMillis(map, wanted);
    Instant lo = start;
    while (found.size() < wanted && lo != null) {
      Instant hi = lo.plusMillis(window).isBefore(end) ? lo.plusMillis(window) : null;
      Instant exclusiveEnd = hi != null ? hi : filter.createdUntil();
      List<Row> rows = new ArrayList<>(rows(map, filter, filter.windowPredicate(lo, exclusiveEnd)));
      rows.removeIf(r -> after != null && r.compareTo(after) <= 0 || r.created().equals(exclusiveEnd));
      rows.sort(null);
      found.addAll(rows);
      long missing = wanted - found.size();
      window = Math.min(MAX_WINDOW.toMillis(), rows.isEmpty() ? window * 8
          : window * Math.min(64, Math.max(2, 3 * missing / (2 * rows.size()) + 1)));
      lo = hi;
    }
    return found.size() > wanted ? found.subList(0, wanted) : found;
  }

  /** A window that holds about {@code wanted} records if they were spread evenly since the floor. */
  private long firstWindowMillis(IMap<String, HazelcastJsonValue> map, int wanted) {
    long span = Math.max(1, Duration.between(floor(map), Instant.now()).toMillis());
    int size = Math.max(1, map.size());
    return Math.max(FIRST_WINDOW.toMillis(), span / size * wanted);
  }

  /** The rows matching {@code predicate} and the filter's query-string part, unordered. */
  private static List<Row> rows(IMap<String, HazelcastJsonValue> map, JobFilter filter,
      Predicate<String, HazelcastJsonValue> predicate) {
    List<Row> rows = new ArrayList<>();
    if (filter.needsQuery()) {
      map.project(Projections.multiAttribute("created", "clientId", "request.query"), predicate).forEach(o -> {
        if (filter.matchesQuery((String) o[2])) {
          rows.add(new Row(Instant.parse((String) o[0]), (String) o[1]));
        }
      });
    } else {
      map.project(Projections.multiAttribute("created", "clientId"), predicate)
          .forEach(o -> rows.add(new Row(Instant.parse((String) o[0]), (String) o[1])));
    }
    return rows;
  }

  /**
   * The earliest creation time in the index, computed once (a full scan) and kept: records are created at
   * "now", so it stays a lower bound; removals only make it lower than needed, which costs a few empty windows.
   */
  private Instant floor(IMap<String, HazelcastJsonValue> map) {
    Instant known = floor;
    if (known == null) {
      String min = map.aggregate(Aggregators.comparableMin("created"));
      known = min == null ? Instant.now().minus(FUTURE_SLACK) : Instant.parse(min);
      floor = known;
    }
    return known;
  }

  /** A record's place in the order: creation time, then client id. Its encoding is the opaque cursor. */
  private record Row(Instant created, String id) implements Comparable<Row> {

    private static final Comparator<Row> ORDER = Comparator.comparing(Row::created).thenComparing(Row::id);

    @Override
    public int compareTo(Row o) {
      return ORDER.compare(this, o);
    }

    String encode() {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString((JobRecord.sortable(created) + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Row decode(String cursor) {
      try {
        String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int bar = plain.indexOf('|');
        Row row = new Row(Instant.parse(plain.substring(0, bar)), plain.substring(bar + 1));
        if (row.id().isEmpty() || !row.encode().equals(cursor)) { // only what encode() made
          throw new IllegalArgumentException("not a cursor of this gateway");
        }
        return row;
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cursor: '" + cursor + "' (expected: the next value of an earlier page)");
      }
    }
  }
}
