package com.sttgateway.simulator;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Traffic counters behind {@link SimulatorStats}; thread-safe, never reset by wipe(). */
final class SimulatorCounters {

  private final LongAdder jobsCreated = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> jobsByAudio = new ConcurrentHashMap<>();
  private final LongAdder callbackRegistrations = new LongAdder();
  private final LongAdder notificationsSent = new LongAdder();
  private final LongAdder iamTokensIssued = new LongAdder();
  private final LongAdder trainingsStarted = new LongAdder();
  private final LongAdder trainingsFailed = new LongAdder();
  private final LongAdder trainingsCompleted = new LongAdder();
  private final LongAdder jobChecks = new LongAdder();
  private final LongAdder jobLists = new LongAdder();

  /** A GET /v1/recognitions/{id}, whatever it answered. */
  void jobChecked() {
    jobChecks.increment();
  }

  /** A GET /v1/recognitions. */
  void jobsListed() {
    jobLists.increment();
  }

  long jobChecks() {
    return jobChecks.sum();
  }

  long jobLists() {
    return jobLists.sum();
  }

  void jobCreated(String audioSha256) {
    jobsCreated.increment();
    jobsByAudio.computeIfAbsent(audioSha256, key -> new LongAdder()).increment();
  }

  void callbackRegistered() {
    callbackRegistrations.increment();
  }

  void notificationSent() {
    notificationsSent.increment();
  }

  void iamTokenIssued() {
    iamTokensIssued.increment();
  }

  void trainingStarted() {
    trainingsStarted.increment();
  }

  void trainingFinished(boolean failed) {
    (failed ? trainingsFailed : trainingsCompleted).increment();
  }

  /** Custom model trainings: started, completed ("available") and failed. */
  Map<String, Long> trainings() {
    return Map.of("started", trainingsStarted.sum(), "completed", trainingsCompleted.sum(),
        "failed", trainingsFailed.sum());
  }

  long jobsCreated() {
    return jobsCreated.sum();
  }

  Map<String, Long> jobsByAudio() {
    Map<String, Long> copy = new HashMap<>();
    jobsByAudio.forEach((sha, count) -> copy.put(sha, count.sum()));
    return copy;
  }

  long callbackRegistrations() {
    return callbackRegistrations.sum();
  }

  long notificationsSent() {
    return notificationsSent.sum();
  }

  long iamTokensIssued() {
    return iamTokensIssued.sum();
  }
}
