package com.sttgateway.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The jobs in memory, by id and by creation order; thread-safe (event loops plus wipe() from any thread). */
final class JobStore {

  private final ConcurrentHashMap<String, Job> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, String> byCreation = new ConcurrentSkipListMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /** Stores a new "waiting" job under a fresh id in the upstream's 8-4-4-4-12 lowercase hex form. */
  Job add(JobRequest request, AudioDigest.Audio audio) {
    Instant now = now();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String id = new UUID(random.nextLong(), random.nextLong()).toString();
    Job job = new Job(id, sequence.incrementAndGet(), now, now, JobStatus.WAITING, request, audio);
    byId.put(id, job);
    byCreation.put(job.sequence(), id);
    return job;
  }

  /**
   * Stores {@code count} "waiting" jobs that never advance (no lifecycle timer), as if created now, under the ids
   * {@link #seededId} gives for 0 to count - 1: the jobs of a journal filled for a benchmark, alive upstream.
   */
  void seed(int count) {
    Instant now = now();
    JobRequest request = new JobRequest("", null, JobRequest.DEFAULT_MODEL, null, Set.of(), null,
        JobRequest.DEFAULT_RESULTS_TTL_MINUTES, List.of(), ModelUse.NONE);
    AudioDigest.Audio audio = new AudioDigest.Audio("0".repeat(64), 0, false);
    for (int i = 0; i < count; i++) {
      Job job = new Job(seededId(i), sequence.incrementAndGet(), now, now, JobStatus.WAITING, request, audio);
      if (byId.putIfAbsent(job.id(), job) == null) {
        byCreation.put(job.sequence(), job.id());
      }
    }
  }

  /** The id of the {@code i}th seeded job, in the upstream's form: {@code 00005eed-0000-4000-8000-} and i in hex. */
  static String seededId(long i) {
    return String.format("00005eed-0000-4000-8000-%012x", i);
  }

  Optional<Job> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Moves a job from one status to the next; empty when it is gone or no longer in {@code from}. */
  Optional<Job> transition(String id, JobStatus from, JobStatus to) {
    Instant now = now();
    Job[] moved = new Job[1];
    byId.computeIfPresent(id, (key, job) -> {
      if (job.status() != from) {
        return job;
      }
      moved[0] = job.advance(to, now);
      return moved[0];
    });
    return Optional.ofNullable(moved[0]);
  }

  /** Removes the job unless it is in {@code keep}; answers what was there (empty when nothing was). */
  Optional<Job> removeUnless(String id, JobStatus keep) {
    Job[] found = new Job[1];
    byId.computeIfPresent(id, (key, job) -> {
      found[0] = job;
      return job.status() == keep ? job : null;
    });
    if (found[0] != null && found[0].status() != keep) {
      byCreation.remove(found[0].sequence());
    }
    return Optional.ofNullable(found[0]);
  }

  void remove(Job job) {
    if (byId.remove(job.id()) != null) {
      byCreation.remove(job.sequence());
    }
  }

  /** The latest {@code limit} jobs by creation, newest first. */
  List<Job> newest(int limit) {
    List<Job> jobs = new ArrayList<>(Math.min(limit, byId.size()));
    ConcurrentNavigableMap<Long, String> newestFirst = byCreation.descendingMap();
    for (String id : newestFirst.values()) {
      Job job = byId.get(id);
      if (job != null) {
        jobs.add(job);
        if (jobs.size() == limit) {
          break;
        }
      }
    }
    return jobs;
  }

  /** Partial data loss: forgets {@code count} jobs chosen at random; answers how many it forgot. */
  int forget(int count) {
    List<String> ids = new ArrayList<>(byId.keySet());
    java.util.Collections.shuffle(ids);
    int forgotten = 0;
    for (String id : ids.subList(0, Math.min(count, ids.size()))) {
      Job job = byId.remove(id);
      if (job != null) {
        byCreation.remove(job.sequence());
        forgotten++;
      }
    }
    return forgotten;
  }

  int size() {
    return byId.size();
  }

  void clear() {
    byId.clear();
    byCreation.clear();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
