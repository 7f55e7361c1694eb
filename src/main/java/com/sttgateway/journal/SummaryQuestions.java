package com.sttgateway.journal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.MemberLeftException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Questions every member answers from its own {@link JobSummaries} (the partitions it owns), asked through the
 * cluster's executor and merged; asked directly when the member is alone. Blocking; any thread.
 */
final class SummaryQuestions {

  /** How many times a question is asked again when a member leaves while answering it. */
  private static final int LEAVES = 10;
  private static final long LEFT_PAUSE_MS = 100;

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

  /** The client ids of the jobs the upstream knows by any of {@code upstreamIds}, cluster-wide. Blocks. */
  static List<String> byUpstream(HazelcastInstance hazelcast, Collection<String> upstreamIds) throws Exception {
    List<String> all = new ArrayList<>();
    cluster(hazelcast, new ByUpstream(new ArrayList<>(upstreamIds))).forEach(all::addAll);
    return all;
  }

  /** What {@code task} answers on every member: this one's directly when it is alone. Blocks. */
  private static <T> List<T> cluster(HazelcastInstance hazelcast, Local<T> task) throws Exception {
    for (int tries = 1; ; tries++) {
      if (hazelcast.getCluster().getMembers().size() == 1) {
        return List.of(task.on(of(hazelcast)));
      }
      try {
        List<T> answers = new ArrayList<>();
        for (java.util.concurrent.Future<T> member : hazelcast.getExecutorService("journal-summaries")
            .submitToAllMembers(task).values()) {
          answers.add(member.get());
        }
        return answers;
      } catch (ExecutionException e) {
        if (!(e instanceof MemberLeftException || e.getCause() instanceof MemberLeftException) || tries >= LEAVES) {
          throw e;
        }
        // A member left while answering: its partitions are the others' now; ask those again, once the cluster
        // has seen it go (it may still be listed for a moment).
        Thread.sleep(LEFT_PAUSE_MS);
      }
    }
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

  private static final class ByUpstream extends Local<List<String>> {
    private static final long serialVersionUID = 1L;
    private final ArrayList<String> upstreamIds;

    ByUpstream(ArrayList<String> upstreamIds) {
      this.upstreamIds = upstreamIds;
    }

    @Override
    List<String> on(JobSummaries summaries) {
      return summaries.localByUpstream(upstreamIds);
    }
  }
}
