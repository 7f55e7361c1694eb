package com.sttgateway.simulator;

import java.util.Locale;

/** Status of an asynchronous recognition job, as the upstream spells it on the wire. */
enum JobStatus {
  WAITING, PROCESSING, COMPLETED, FAILED;

  private final String wire = name().toLowerCase(Locale.ROOT);

  String wire() {
    return wire;
  }

  boolean finished() {
    return this == COMPLETED || this == FAILED;
  }
}
