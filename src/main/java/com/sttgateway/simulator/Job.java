package com.sttgateway.simulator;

import java.time.Instant;

/**
 * One asynchronous job as stored; immutable, a status change stores a new copy.
 *
 * @param sequence creation order, for the "latest 100" listing
 */
record Job(String id, long sequence, Instant created, Instant updated, JobStatus status, JobRequest request,
    AudioDigest.Audio audio) {

  Job advance(JobStatus next, Instant at) {
    return new Job(id, sequence, created, at, next, request, audio);
  }

  /** What the simulated recogniser "heard": the audio's digest and the custom models' fingerprints. */
  String transcript() {
    return request.models().transcript(audio.sha256());
  }

  /** The status a finished job ends in: SIMFAIL audio fails, anything else completes. */
  JobStatus outcome() {
    return audio.simulatedFailure() ? JobStatus.FAILED : JobStatus.COMPLETED;
  }
}
