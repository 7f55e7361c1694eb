package com.sttgateway.journal;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.query.Predicates;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
    String[] names = states.stream().map(JobState::json).toArray(String[]::new);
    return journal.overIndex(map -> {
      // localKeySet runs the indexed query on this member's own partitions only; getAll then reads them locally.
      Set<String> keys = map.localKeySet(Predicates.in("state", names));
      Map<String, HazelcastJsonValue> values = keys.isEmpty() ? Map.of() : map.getAll(keys);
      List<JobRecord> records = new ArrayList<>(values.size());
      values.values().stream().map(journal::parse) // unsealed ones: never; changed since the query: not now
          .filter(r -> r != null && states.contains(r.state())).forEach(records::add);
      records.sort(Comparator.comparing(JobRecord::created).thenComparing(JobRecord::clientId));
      return records;
    });
  }
}
