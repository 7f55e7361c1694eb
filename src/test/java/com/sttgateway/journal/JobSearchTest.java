package com.sttgateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cursor paging over records spread unevenly in time (dense bursts, a gap of weeks, one record from a member whose
 * clock runs ahead): every page sequence equals the filtered, sorted list, whatever the time windows did.
 */
@ExtendWith(VertxExtension.class)
class JobSearchTest {

  @TempDir static Path dir;
  static JournalFixture fixture;
  static HazelcastInstance member;
  static JobSearch search;
  static final List<JobRecord> ALL = new ArrayList<>();

  @BeforeAll
  static void fill(Vertx vertx) throws Exception {
    fixture = JournalFixture.start(vertx, dir);
    member = JournalFixture.member();
    JobJournal journal = new JobJournal(vertx, fixture.newStore(), member, TestRecords.SEAL);
    Random random = new Random(3);
    Instant now = Instant.now();
    JobState[] states = {JobState.QUEUED, JobState.SUBMITTED, JobState.DEAD, JobState.RETRIEVED};
    for (int i = 0; i < 240; i++) {
      Instant created = i < 100 ? now.minus(Duration.ofDays(40)).plusMillis(random.nextInt(5_000)) // old burst
          : i < 230 ? now.minusSeconds(random.nextInt(3 * 86_400)) // recent, spread over 3 days
          : now.plusSeconds(600 + i); // a member whose clock is ahead
      ALL.add(record(states[random.nextInt(states.length)], "tenant-" + random.nextInt(3), created,
          1 + random.nextInt(4), i % 5 == 0 ? "user_token=batch-" + (i % 3) : ""));
    }
    ALL.add(record(JobState.QUEUED, "tenant-0", now.minus(Duration.ofDays(40)), 1, "")); // equal created times
    ALL.add(record(JobState.QUEUED, "tenant-0", now.minus(Duration.ofDays(40)), 1, ""));
    for (int i = 0; i < ALL.size(); i += 40) {
      Future.all(ALL.subList(i, Math.min(ALL.size(), i + 40)).stream().map(journal::create).toList()).await();
    }
    ALL.sort(Comparator.comparing(JobRecord::created).thenComparing(JobRecord::clientId));
    search = new JobSearch(journal);
  }

  @AfterAll
  static void stop() throws Exception {
    member.shutdown();
    fixture.close();
  }

  private static JobRecord record(JobState state, String tenant, Instant created, int attempts, String query) {
    JobRecord r = TestRecords.record(state, tenant, null);
    return new JobRecord(r.clientId(), r.upstreamId(), state, tenant, null, r.basePath(), query, r.headers(),
        r.audioKey(), r.audioBytes(), r.audioSha256(), created, created, attempts, r.lastStatus(), null,
        r.history(), null);
  }

  private static List<String> pageThrough(JobFilter filter, int limit) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      JobSearch.Page page = search.page(filter, cursor, limit).await();
      assertThat(page.jobs().size()).isLessThanOrEqualTo(limit);
      page.jobs().forEach(r -> ids.add(r.clientId()));
      cursor = page.next();
    } while (cursor != null);
    return ids;
  }

  private static List<String> expected(Predicate<JobRecord> p) {
    return ALL.stream().filter(p).map(JobRecord::clientId).toList();
  }

  @Test
  void pagingWithoutAFilterVisitsEveryRecordOnceInCreationOrder() {
    JobFilter none = JobFilter.inStates(Set.of());
    for (int limit : new int[] {1, 7, 50, 500}) {
      assertThat(pageThrough(none, limit)).as("limit " + limit).containsExactlyElementsOf(expected(r -> true));
    }
  }

  @Test
  void sparseFiltersPageThroughTheGapAndTheFuture() {
    JobFilter deadOfOne = new JobFilter(EnumSet.of(JobState.DEAD), "tenant-1", null, null, null, null, null, 3,
        null);
    List<String> want = expected(r -> r.state() == JobState.DEAD && r.tenant().equals("tenant-1")
        && r.attempts() >= 3);
    assertThat(want).hasSizeGreaterThan(3);
    assertThat(pageThrough(deadOfOne, 2)).containsExactlyElementsOf(want);
    assertThat(search.ids(deadOfOne).await()).containsExactlyElementsOf(want);

    JobFilter token = new JobFilter(Set.of(), null, null, null, null, null, null, null, "batch-1");
    assertThat(pageThrough(token, 3)).containsExactlyElementsOf(expected(r -> r.query().contains("batch-1")));
  }

  @Test
  void timeRangesAreSinceInclusiveUntilExclusive() {
    Instant since = ALL.get(120).created();
    Instant until = ALL.get(200).created();
    JobFilter range = new JobFilter(Set.of(), null, since, until, null, null, null, null, null);
    assertThat(pageThrough(range, 9)).containsExactlyElementsOf(ALL.subList(120, 200).stream()
        .map(JobRecord::clientId).toList());
  }

  @Test
  void countsAndTheOldestUnfinishedComeFromTheIndex() {
    Map<JobState, Long> counts = search.countByState().await();
    for (JobState s : JobState.values()) {
      assertThat(counts.get(s)).as(s.json()).isEqualTo(ALL.stream().filter(r -> r.state() == s).count());
    }
    assertThat(search.oldestUnfinished().await().clientId())
        .isEqualTo(ALL.stream().filter(r -> r.state().unfinished()).findFirst().orElseThrow().clientId());
  }

  @Test
  void aCursorThatWasNotMadeHereIsRefused() {
    assertThatThrownBy(() -> search.page(JobFilter.inStates(Set.of()), "bm90IGEgY3Vyc29y", 5).await())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
  }
}
