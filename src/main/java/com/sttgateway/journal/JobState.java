package com.sttgateway.journal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A journaled job's lifecycle (DESIGN §4). Unfinished: received, submitted, queued, completed. */
public enum JobState {
  RECEIVED, SUBMITTED, QUEUED, COMPLETED, RETRIEVED, FAILED, DEAD, DELETED;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState fromJson(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Every unfinished state: the ones recovery resubmits from and whose audio the sweeper keeps. */
  public static Set<JobState> unfinishedStates() {
    return EnumSet.of(RECEIVED, SUBMITTED, QUEUED, COMPLETED);
  }

  /** Its results have not reached the client yet, so its audio must be kept. */
  public boolean unfinished() {
    return unfinishedStates().contains(this);
  }
}
