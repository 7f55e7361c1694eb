package com.sttgateway.recovery;

import com.sttgateway.journal.JobRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Per-job exponential backoff with jitter: after a failed attempt a job is not due again before a delay that
 * doubles with each attempt. Kept in memory (a restart forgets it). Recovery's context only.
 */
final class Backoff {

  private final long firstMillis;
  private final Map<String, Long> notBefore = new HashMap<>();

  Backoff(long firstMillis) {
    this.firstMillis = firstMillis;
  }

  boolean due(JobRecord job, long nowMillis) {
    return notBefore.getOrDefault(job.clientId(), 0L) <= nowMillis;
  }

  /** Records an attempt; returns the delay before the job is due again, or -1 when it needs no retry. */
  long after(JobRecord job, boolean retry) {
    if (!retry) {
      notBefore.remove(job.clientId());
      return -1;
    }
    long base = firstMillis << Math.min(job.attempts(), 16);
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    notBefore.put(job.clientId(), System.currentTimeMillis() + delay);
    return delay;
  }
}
