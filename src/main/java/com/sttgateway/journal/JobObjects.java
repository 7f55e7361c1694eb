package com.sttgateway.journal;

import io.vertx.core.Future;

/**
 * Every object a job has in the store (DESIGN §5), named in one place, and the one operation that removes the
 * content a finished job no longer needs. Any thread.
 */
public final class JobObjects {

  static final String PREFIX = "jobs/";
  static final String RECORD_NAME = "record.json";
  static final String RECORD = "/" + RECORD_NAME;
  static final String AUDIO_PREFIX = "audio/";
  static final String DELIVERIES_PREFIX = "deliveries/";

  private JobObjects() {}

  /** The job's record: the source of truth the index is rebuilt from. */
  public static String record(String clientId) {
    return PREFIX + clientId + RECORD;
  }

  /** The job's results, copied when recovery saw it completed, kept until the client fetched them. */
  public static String results(String clientId) {
    return PREFIX + clientId + "/results.json";
  }

  /** The job's relayed notifications (relay mode). */
  public static String deliveries(String clientId) {
    return DELIVERIES_PREFIX + clientId + ".json";
  }

  /** An audio body as received; minted before the upstream names the job, so the record holds the key. */
  public static String audio(String uploadId) {
    return AUDIO_PREFIX + uploadId;
  }

  /** The client id of a record key; null for any other key. */
  static String clientIdOf(String recordKey) {
    return recordKey.startsWith(PREFIX) && recordKey.endsWith(RECORD)
        ? recordKey.substring(PREFIX.length(), recordKey.length() - RECORD.length()) : null;
  }

  /** Removes the audio and the journaled results; the record stays (a tombstone, or a failed job's history). */
  public static Future<Void> removeContent(ObjectStore store, JobRecord job) {
    Future<Void> audio = job.audioKey() == null ? Future.succeededFuture() : store.remove(job.audioKey());
    return audio.compose(v -> store.remove(results(job.clientId())));
  }

  /** Removes every object of the job but its record: content and relayed notifications. */
  static Future<Void> removeAllButRecord(ObjectStore store, JobRecord job) {
    return removeContent(store, job).compose(v -> store.remove(deliveries(job.clientId())));
  }
}
