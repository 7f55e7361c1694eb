package com.sttgateway.journal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Questions every member answers from its own {@link JobSummaries} (the partitions it owns), asked through the
 * cluster's executor and merged; asked directly when the member is alone. Blocking; any thread.
 */
final class SummaryQuestions {

  private SummaryQuestions() {}

  private static JobSummaries of(HazelcastInstance hazelcast) {
    return JobSummaries.of(hazelcast, hazelcast.getMap(JobJournal.MAP));
  }

  /** Jobs per state in the whole cluster: this member's counts and every other member's. Blocks. */
  static long[] counts(HazelcastInstance hazelcast) throws Exception {
    long[] sum = new long[JobState.values().length];
    for (long[] counts : cluster(hazelcast, new Counts())) {
      for (int s = 0; s < sum.length; s++) {
        sum[s] += counts[s];
      }
    }
    return sum;
  }

  /**
   * The first {@code limit} summaries matching {@code filter} after {@code after} (null: from the start), in
   * creation order, cluster-wide: each member's first ones, merged. Blocks.
   */
  static List<JobSummary> first(HazelcastInstance hazelcast, JobFilter filter, JobSummary after, int limit)
      throws Exception {
    List<JobSummary> all = new ArrayList<>();
    cluster(hazelcast, new First(filter, after, limit)).forEach(all::addAll);
    all.sort(null);
    return all.size() > limit ? all.subList(0, limit) : all;
  }

  /** What {@code task} answers on every member: this one's directly when it is alone. Blocks. */
  private static <T> List<T> cluster(HazelcastInstance hazelcast, Local<T> task) throws Exception {
    if (hazelcast.getCluster().getMembers().size() == 1) {
      return List.of(task.on(of(hazelcast)));
    }
    List<T> answers = new ArrayList<>();
    for (java.util.concurrent.Future<T> member : hazelcast.getExecutorService("journal-summaries")
        .submitToAllMembers(task).values()) {
      answers.add(member.get());
    }
    return answers;
  }

  /** A question each member answers from its own summaries (sent through the cluster's executor). */
  private abstract static class Local<T> implements Callable<T>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private transient HazelcastInstance hazelcast;

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
      this.hazelcast = instance;
    }

    @Override
    public T call() {
      return on(of(hazelcast));
    }

    abstract T on(JobSummaries summaries);
  }

  private static final class Counts extends Local<long[]> {
    private static final long serialVersionUID = 1L;

    @Override
    long[] on(JobSummaries summaries) {
      return summaries.localCounts();
    }
  }

  private static final class First extends Local<List<JobSummary>> {
    private static final long serialVersionUID = 1L;
    private final JobFilter filter;
    private final JobSummary after;
    private final int limit;

    First(JobFilter filter, JobSummary after, int limit) {
      this.filter = filter;
      this.after = after;
      this.limit = limit;
    }

    @Override
    List<JobSummary> on(JobSummaries summaries) {
      return summaries.localFirst(filter, after, limit);
    }
  }
}
