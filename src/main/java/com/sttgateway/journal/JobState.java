package com.sttgateway.journal;

import java.util.Locale;

/** A journaled job's lifecycle (DESIGN §4). Unfinished: received, submitted, queued, completed. */
public enum JobState {
  RECEIVED, SUBMITTED, QUEUED, COMPLETED, RETRIEVED, FAILED, DEAD, DELETED;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState fromJson(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Its results have not reached the client yet, so its audio must be kept. */
  public boolean unfinished() {
    return this == RECEIVED || this == SUBMITTED || this == QUEUED || this == COMPLETED;
  }
}
